package plan

import (
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

func (v *validator) checkCards() {
	for _, a := range v.p.Cards {
		v.required(a.Pos, "", "tittel", a.Title)
		v.ref(a.Pos, "", "ansvarlig", "ansvarlig", a.Responsible, "rolle", v.roles)
		if len(a.Steps) == 0 {
			v.fail(a.Pos, "", "steg", "plan.card.no_steps", nil)
		}
		for i, s := range a.Steps {
			prefix := fmt.Sprintf("steg[%d].", i+1)
			v.required(s.Pos, prefix, "tekst", s.Text)
			v.ref(s.Pos, prefix, "rolle", "rolle", s.Role, "rolle", v.roles)
		}
		v.refs(a.Pos, "", "kontakter", a.Contacts, "kontakt", v.contacts)
		v.ref(a.Pos, "", "varslingsliste", "varslingsliste", a.List, "varslingsliste", v.lists)
		v.ref(a.Pos, "", "mal", "mal", a.Template, "mal", v.templates)
	}
	v.aliasCollisions("plan.what.action_card", aliasesOf(v.p.Cards, func(a *ActionCard) (string, []string, Pos) { return a.ID, a.Aliases, a.Pos }))
}

func (v *validator) checkTemplates() {
	for _, t := range v.p.Templates {
		v.required(t.Pos, "", "navn", t.Name)
		v.required(t.Pos, "", "tekst", t.Text)
	}
	v.aliasCollisions("plan.what.template", aliasesOf(v.p.Templates, func(t *Template) (string, []string, Pos) { return t.ID, t.Aliases, t.Pos }))
}

func (v *validator) checkMeetings() {
	for _, agenda := range []struct {
		key   string
		items []AgendaItem
	}{{"forstemote", v.p.Meetings.First}, {"statusmote", v.p.Meetings.Status}} {
		for i, it := range agenda.items {
			v.required(it.Pos, fmt.Sprintf("%s[%d].", agenda.key, i+1), "overskrift", it.Heading)
		}
	}
}

func (v *validator) checkSchedule() {
	for _, e := range v.p.Exercises {
		v.checkScheduled(e.Pos, e.Name, e.Owner, e.Channel, e.IntervalMonths, e.Stages)
	}
	for _, r := range v.p.Reviews {
		v.checkScheduled(r.Pos, r.Name, r.Owner, r.Channel, r.IntervalMonths, r.Stages)
		if v.required(r.Pos, "", "type", string(r.Kind)) {
			if k, ok := reviewKinds.resolve(r.Kind); ok {
				r.Kind = k
			} else {
				v.fail(r.Pos, "", "type", "plan.enum.type", i18n.Args{"Value": string(r.Kind), "Allowed": reviewKinds.list(v.lang)})
			}
		}
	}
}

// checkScheduled checks what exercises and reviews have in common.
func (v *validator) checkScheduled(pos Pos, name, owner, channel string, interval int, stages []int) {
	v.required(pos, "", "navn", name)
	if v.required(pos, "", "eier", owner) {
		v.ref(pos, "", "eier", "eier", owner, "kontakt", v.contacts)
	}
	if v.required(pos, "", "kanal", channel) && !validChannel(channel) {
		v.fail(pos, "", "kanal", "plan.schedule.channel", i18n.Args{"Value": channel})
	}
	if _, set := pos.Fields["intervall_mnd"]; !set {
		v.fail(pos, "", "intervall_mnd", "plan.required", nil)
	} else if interval <= 0 {
		v.fail(pos, "", "intervall_mnd", "plan.schedule.interval", nil)
	}
	for i, s := range stages {
		if s < 0 {
			v.c.errorf(pos.File, pos.FieldLine(itemKeyOr(pos, "varsler", i)), "varsler", "plan.schedule.stage", i18n.Args{"Value": s})
		}
	}
}

type aliased struct {
	id      string
	aliases []string
	pos     Pos
}

func aliasesOf[T any](items []*T, get func(*T) (string, []string, Pos)) []aliased {
	out := make([]aliased, len(items))
	for i, it := range items {
		out[i].id, out[i].aliases, out[i].pos = get(it)
	}
	return out
}

// aliasCollisions reports an alias that, folded, equals another item's id
// or alias: "/beredskap tiltak strøm" must name one card only. what is
// the message id of the kind of item (plan.what.*).
func (v *validator) aliasCollisions(what string, items []aliased) {
	byID := map[string]int{} // folded id → index of the first item
	for i, it := range items {
		if f := Fold(it.id); f != "" {
			if _, ok := byID[f]; !ok {
				byID[f] = i
			}
		}
	}
	type owner struct {
		item int
		line int
	}
	byAlias := map[string]owner{}
	for i, it := range items {
		own := Fold(it.id)
		for j, alias := range it.aliases {
			f := Fold(alias)
			if f == "" || f == own {
				continue
			}
			line := it.pos.FieldLine(itemKeyOr(it.pos, "alias", j))
			if k, ok := byID[f]; ok && k != i {
				o := items[k]
				v.c.errorf(it.pos.File, line, "alias", "plan.alias.is_id", i18n.Args{"Alias": alias, "What": i18n.M(what, nil), "ID": o.id, "Where": where(o.pos.File, o.pos.FieldLine("id"))})
				continue
			}
			if o, ok := byAlias[f]; ok {
				if o.item != i {
					other := items[o.item]
					v.c.errorf(it.pos.File, line, "alias", "plan.alias.also", i18n.Args{"Alias": alias, "What": i18n.M(what, nil), "ID": other.id, "Where": where(other.pos.File, o.line)})
				}
				continue
			}
			byAlias[f] = owner{i, line}
		}
	}
}

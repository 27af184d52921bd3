package plan

import (
	"slices"
	"sort"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// granteeOnlyFor names the actions where a word about the thing acted on
// means something; elsewhere it grants nothing, which is worth a warning.
var granteeOnlyFor = map[GranteeKind][]string{
	GranteeAuthor: {"korrigere"},
	GranteeOwner:  {"registrere_gjennomfort", "utsette"},
	GranteeHolder: {"overta_rolle"},
}

// granteeWords is the vocabulary for messages: "medlemmer, …, alle eller
// en rolle-id".
func granteeWords() i18n.Message {
	words := make([]string, len(GranteeKinds))
	for i, k := range GranteeKinds {
		words[i] = string(k)
	}
	return i18n.M("plan.access.vocabulary", i18n.Args{"Words": strings.Join(words, ", ")})
}

// checkAdmins checks administratorer: known contacts that the bot can
// recognise in Slack.
func (v *validator) checkAdmins() {
	o := &v.p.Org
	v.refs(o.Pos, "", "administratorer", o.Admins, "kontakt", v.contacts)
	for i, id := range o.Admins {
		c := v.contactByID(id)
		if c == nil || c.Member() {
			continue
		}
		v.c.errorf(o.File, o.FieldLine(itemKeyOr(o.Pos, "administratorer", i)), "administratorer",
			"plan.admin.not_member", i18n.Args{"ID": id})
	}
}

// contactByID finds a contact before the plan's index is built.
func (v *validator) contactByID(id string) *Contact {
	if _, ok := v.contacts[id]; !ok {
		return nil
	}
	for _, c := range v.p.Contacts {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// checkAccess checks the tilgang section: every word of the vocabulary or
// a role ID, every list not empty.
func (v *validator) checkAccess() {
	a := &v.p.Org.Access
	if a.Line == 0 {
		return
	}
	var known []string // for suggestions: the vocabulary, then role IDs
	for _, k := range GranteeKinds {
		known = append(known, string(k))
	}
	roleIDs := make([]string, 0, len(v.roles))
	for id := range v.roles {
		roleIDs = append(roleIDs, id)
	}
	sort.Strings(roleIDs)
	known = append(known, roleIDs...)

	for _, key := range AccessKeys() {
		if _, set := a.Fields[key]; !set {
			continue
		}
		words := a.Words(key)
		if len(words) == 0 {
			v.fail(a.Pos, "tilgang.", key, "plan.access.empty", i18n.Args{"Vocabulary": granteeWords()})
			continue
		}
		for i, w := range words {
			line := a.FieldLine(itemKeyOr(a.Pos, key, i))
			g, ok := v.p.ParseGrantee(w)
			if ok && g.Kind == GranteeRole && !validID(w) {
				ok = false // a role ID must be written exactly
			}
			if !ok {
				v.c.errorf(a.File, line, "tilgang."+key, "plan.access.unknown",
					i18n.Args{"Word": w, "Suggest": suggestName(w, known), "Vocabulary": granteeWords()})
				continue
			}
			if only, limited := granteeOnlyFor[g.Kind]; limited && !slices.Contains(only, key) {
				v.c.warnf(a.File, line, "tilgang."+key, "plan.access.only_for",
					i18n.Args{"Word": w, "Actions": i18n.For(v.lang).Join(keysIn(v.lang, only), true)})
			}
		}
	}
}

// checkRoleKinds checks rolletype on the role cards: a known kind, and
// at most one card of each.
func (v *validator) checkRoleKinds() {
	first := map[RoleKind]*Role{}
	for _, r := range v.p.Roles {
		if r.Kind == "" {
			continue
		}
		k, ok := roleKinds.resolve(r.Kind)
		if !ok {
			v.fail(r.Pos, "", "rolletype", "plan.enum.role_kind", i18n.Args{"Value": string(r.Kind), "Allowed": roleKinds.list(v.lang)})
			r.Kind = ""
			continue
		}
		if o, dup := first[k]; dup {
			v.fail(r.Pos, "", "rolletype", "plan.role.kind_twice", i18n.Args{"Kind": roleKinds.word(k, v.lang), "ID": o.ID, "Where": where(o.File, o.FieldLine("rolletype"))})
			r.Kind = ""
			continue
		}
		r.Kind = k
		first[k] = r
	}
}

// keysIn names keys as a plan in lang writes them.
func keysIn(lang i18n.Lang, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fieldPathIn(lang, k)
	}
	return out
}

package plan

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

func (v *validator) checkFunctions() {
	for _, f := range v.p.Functions {
		v.required(f.Pos, "", "navn", f.Name)
		if f.Priority < 0 {
			v.fail(f.Pos, "", "prioritet", "plan.function.priority", nil)
		}
		v.ref(f.Pos, "", "ansvarlig", "ansvarlig", f.Responsible, "rolle", v.roles)
		f.Downtime = v.duration(f.Pos, "", "nedetidstoleranse", f.DowntimeTolerance)
		v.consequence(&f.Consequences, "konsekvens.")
		v.processes(f)
		b := &f.Backup
		b.Restore = v.duration(b.Pos, "backup.", "gjenopprettingstid", b.RestoreTime)
		for i, d := range f.Dependencies {
			prefix := fmt.Sprintf("avhengigheter[%d].", i+1)
			v.required(d.Pos, prefix, "navn", d.Name)
			v.ref(d.Pos, prefix, "kontakt", "kontakt", d.Contact, "kontakt", v.contacts)
		}
		v.restoreGap(f)
	}
}

// duration reads a tolerance written at key into a duration, reporting
// one it cannot read; empty text is no tolerance and no error.
func (v *validator) duration(pos Pos, prefix, key, text string) time.Duration {
	if strings.TrimSpace(text) == "" {
		return 0
	}
	d, err := ParseTolerance(text)
	var de *DurationError
	if errors.As(err, &de) {
		v.fail(pos, prefix, key, de.Msg.ID, de.Msg.Args)
		return 0
	}
	return d
}

// consequence makes the levels of a consequence table canonical.
func (v *validator) consequence(c *Consequence, prefix string) {
	for _, st := range []struct {
		key  string
		step *ConsequenceStep
	}{{"under_6t", &c.Under6h}, {"under_24t", &c.Under24h}, {"24t", &c.Day}, {"2d_1uke", &c.DaysToWeek}, {"over_1uke", &c.OverWeek}} {
		s, key := st.step, st.key
		if s.Level == "" {
			continue
		}
		if l, ok := consequenceLevels.resolve(s.Level); ok {
			s.Level = l
			continue
		}
		args := i18n.Args{"Value": string(s.Level), "Allowed": consequenceLevels.list(v.lang)}
		// A step written as a mapping names «niva»; one written as a
		// level alone is reported at the step's own key.
		if _, mapped := s.Fields["niva"]; mapped {
			v.fail(s.Pos, prefix+key+".", "niva", "plan.enum.consequence", args)
		} else {
			v.fail(c.Pos, prefix, key, "plan.enum.consequence", args)
		}
	}
}

func (v *validator) processes(f *CriticalFunction) {
	seen := map[int]int{}
	for i, p := range f.Processes {
		prefix := fmt.Sprintf("prosesser[%d].", i+1)
		v.required(p.Pos, prefix, "navn", p.Name)
		if p.Priority < 0 || (p.Priority == 0 && p.Fields["prioritet"] != 0) {
			v.fail(p.Pos, prefix, "prioritet", "plan.function.priority", nil)
		} else if first, dup := seen[p.Priority]; dup && p.Priority > 0 {
			v.c.warnf(p.File, p.FieldLine("prioritet"), prefix+"prioritet", "plan.process.duplicate_priority", i18n.Args{"Priority": p.Priority, "Line": first})
		} else if p.Priority > 0 {
			seen[p.Priority] = p.FieldLine("prioritet")
		}
		r := &p.Reserve
		rp := prefix + "reserverutine."
		if !r.IsZero() {
			v.required(r.Pos, rp, "tiltak", r.Action)
		}
		v.ref(r.Pos, rp, "ansvarlig", "ansvarlig", r.Responsible, "rolle", v.roles)
		v.consequence(&p.Consequences, prefix+"konsekvens.")
	}
}

// restoreGap warns when restoring from backup takes longer than the
// function may be down and nothing is written about how to bridge it.
func (v *validator) restoreGap(f *CriticalFunction) {
	b := f.Backup
	if b.RestoreTime == "" || f.DowntimeTolerance == "" || b.Restore <= f.Downtime || b.ReserveSystem != "" || f.ReserveRoutine != "" {
		return
	}
	for _, p := range f.Processes {
		if !p.Reserve.IsZero() {
			return
		}
	}
	v.c.warnf(b.File, b.FieldLine("gjenopprettingstid"), "backup.gjenopprettingstid",
		"plan.function.restore_gap", i18n.Args{"Restore": b.RestoreTime, "Tolerance": f.DowntimeTolerance})
}

func (v *validator) checkROS() {
	scale := v.p.ROSScale
	switch {
	case scale == 0:
		scale = 4
	case scale != 4 && scale != 5:
		v.c.errorf(fileROS, v.p.rosScalePos.FieldLine("skala"), "skala", "plan.ros.scale", nil)
		scale = 4
	}
	v.p.ROSScale = scale
	allowed := rosLevels(scale).list(v.lang)
	for _, r := range v.p.ROS {
		v.required(r.Pos, "", "hendelse", r.Hazard)
		for _, field := range []struct {
			key string
			val *Level
		}{{"sannsynlighet", &r.Likelihood}, {"konsekvens", &r.Consequence}} {
			if *field.val == "" {
				continue
			}
			if l, ok := resolveLevel(*field.val, scale); ok {
				*field.val = l
				continue
			}
			if _, ok := resolveLevel(*field.val, 9-scale); ok {
				v.fail(r.Pos, "", field.key, "plan.ros.other_scale", i18n.Args{"Value": string(*field.val), "Other": 9 - scale, "Scale": scale, "Allowed": allowed})
				continue
			}
			v.fail(r.Pos, "", field.key, "plan.ros.level", i18n.Args{"Value": string(*field.val), "Allowed": allowed, "Scale": scale})
		}
		v.ref(r.Pos, "", "tiltakskort", "tiltakskort", r.Card, "tiltakskort", v.cards)
		for i := range r.Measures {
			v.measure(r, i)
		}
	}
}

// resolveLevel reads a level on the scale by name, in any language, or by
// number (1 lowest).
func resolveLevel(l Level, scale int) (Level, bool) {
	levels := rosLevels(scale)
	s := strings.TrimSpace(string(l))
	if len(s) == 1 && s[0] >= '1' && int(s[0]-'0') <= len(levels) {
		return levels[s[0]-'1'].value, true
	}
	return levels.resolve(l)
}

func (v *validator) measure(r *ROSRow, i int) {
	m := &r.Measures[i]
	prefix := fmt.Sprintf("tiltak[%d].", i+1)
	v.required(m.Pos, prefix, "tekst", m.Text)
	if m.Owner != "" {
		_, isRole := v.roles[m.Owner]
		_, isContact := v.contacts[m.Owner]
		if !isRole && !isContact {
			v.fail(m.Pos, prefix, "eier", "plan.measure.owner", i18n.Args{"ID": m.Owner})
		}
	}
	if m.Status == "" {
		return
	}
	s, ok := measureStatuses.resolve(m.Status)
	if !ok {
		v.fail(m.Pos, prefix, "status", "plan.enum.status", i18n.Args{"Value": string(m.Status), "Allowed": measureStatuses.list(v.lang)})
		return
	}
	m.Status = s
	if s != MeasureDone && m.Deadline.IsZero() {
		v.c.warnf(m.File, m.FieldLine("status"), prefix+"frist", "plan.measure.no_deadline", nil)
	}
}

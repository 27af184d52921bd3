package plan

import "time"

// ConsequenceRank orders consequence levels: 0 for none or unknown, then
// moderat, betydelig, alvorlig.
func ConsequenceRank(l ConsequenceLevel) int {
	switch l {
	case ConsequenceModerate:
		return 1
	case ConsequenceSignificant:
		return 2
	case ConsequenceSevere:
		return 3
	}
	return 0
}

// stepStarts are the outage lengths at which each consequence step
// begins, in the order of Consequence.StepsIn: under 6 t from the start,
// under 24 t from 6 t, 24 t from a day, 2 d–1 uke from two days, over
// 1 uke after a week.
var stepStarts = []time.Duration{0, 6 * time.Hour, Day, 2 * Day, Week}

// StepAt returns the consequence step that applies after an outage of d:
// the step of d's length, or, when that step is not written, the nearest
// shorter one that is. ok is false when no step up to d is written.
func (c *Consequence) StepAt(d time.Duration) (step LabelledStep, ok bool) {
	for i, s := range c.Steps() {
		if d < stepStarts[i] {
			break
		}
		if !s.Step.IsZero() && s.Step.Level != "" {
			step, ok = s, true
		}
	}
	return step, ok
}

// StepUp is a time into an outage at which the consequence level rises.
type StepUp struct {
	After time.Duration // outage length at which it applies
	Key   string        // the step's key: under_24t, 24t, 2d_1uke, over_1uke
	Level ConsequenceLevel
}

// StepUps returns the points at which the consequence level rises above
// the one before, shortest first. The level at the start of the outage
// is not a step up.
func (c *Consequence) StepUps() []StepUp {
	var out []StepUp
	prev := 0
	for i, s := range c.Steps() {
		r := ConsequenceRank(s.Step.Level)
		if r == 0 {
			continue
		}
		if i > 0 && r > prev {
			out = append(out, StepUp{After: stepStarts[i], Key: s.Key, Level: s.Step.Level})
		}
		if r > prev {
			prev = r
		}
	}
	return out
}

// StepByKey returns the labelled step with the YAML key (under_6t …), in
// lang's labels when lang is given through StepsIn by the caller.
func StepByKey(steps []LabelledStep, key string) (LabelledStep, bool) {
	for _, s := range steps {
		if s.Key == key {
			return s, true
		}
	}
	return LabelledStep{}, false
}

// HasTolerance reports whether the function's downtime tolerance is
// written (Downtime then holds it; 0 means none is tolerated).
func (f *CriticalFunction) HasTolerance() bool { return f.DowntimeTolerance != "" }

// FunctionCandidates returns every critical function as a match
// candidate (ID, name and system).
func (p *Plan) FunctionCandidates() []Candidate {
	out := make([]Candidate, 0, len(p.Functions))
	for _, f := range p.Functions {
		names := []string{f.Name}
		if f.System != "" {
			names = append(names, f.System)
		}
		out = append(out, Candidate{ID: f.ID, Names: names})
	}
	return out
}

// Function returns the critical function with the ID, or nil.
func (p *Plan) Function(id string) *CriticalFunction {
	for _, f := range p.Functions {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// ROSRow returns the ROS row with the ID, or nil.
func (p *Plan) ROSRow(id string) *ROSRow {
	for _, r := range p.ROS {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// OutageWarning is a point in a function's outage at which the bot warns:
// at 75 % or 100 % of its downtime tolerance, or where the consequence
// level steps up.
type OutageWarning struct {
	After time.Duration // outage length at which it is due
	Kind  string        // "tolerance75", "tolerance100" or "step" (incident.Warn*)
	Step  string        // the consequence step's key, for "step"
}

// OutageWarnings returns the warnings of an outage of f that began at
// since and are still ahead or current at now, in time order. A warning
// already overtaken at now by a later one of the same sort is left out
// (75 % when the tolerance is already used up, a step when a higher one
// already applies), so an outage recorded late warns once, with what
// applies now. A tolerance of zero («Ingen») warns only that it is used
// up.
func (f *CriticalFunction) OutageWarnings(since, now time.Time) []OutageWarning {
	elapsed := now.Sub(since)
	var out []OutageWarning
	if f.HasTolerance() {
		full := f.Downtime
		if three := full * 3 / 4; full > 0 && full > elapsed {
			out = append(out, OutageWarning{After: three, Kind: "tolerance75"})
		}
		out = append(out, OutageWarning{After: full, Kind: "tolerance100"})
	}
	ups := f.Consequences.StepUps()
	for i, u := range ups {
		if i+1 < len(ups) && ups[i+1].After <= elapsed {
			continue
		}
		out = append(out, OutageWarning{After: u.After, Kind: "step", Step: u.Key})
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].After < out[j-1].After; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

package plan

import (
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// CriticalFunction is a function the organisation must keep running, with
// how long it may be down (kritiske-funksjoner.yaml). It can also be
// written per IT system, as the Swedish continuity plan (plan B) is: the
// system's prioritised processes, each with its reserve routine, the
// consequence per outage length, peak times, backup and restore, and the
// dependencies and resources the delivery needs.
type CriticalFunction struct {
	Pos               `yaml:"-"`
	ID                string `yaml:"id"`
	Name              string `yaml:"navn" sv:"namn"`
	System            string `yaml:"system"` // the IT system the plan B covers, when written per system
	Priority          int    `yaml:"prioritet"`
	DowntimeTolerance string `yaml:"nedetidstoleranse" sv:"acceptabel_avbrottstid"` // as written: "24 timer", "2–4 timer"
	// Downtime is DowntimeTolerance read as a duration after Load (the
	// lower bound of a range; 0 for «Ingen (døgnkontinuerlig)»). It means
	// something only when DowntimeTolerance is not empty.
	Downtime       time.Duration `yaml:"-"`
	Comment        string        `yaml:"kommentar"`
	Consequences   Consequence   `yaml:"konsekvens"`
	ReserveRoutine string        `yaml:"reserverutine" sv:"reservrutin"`
	Responsible    string        `yaml:"ansvarlig" sv:"ansvarig"` // role ID
	Processes      []*Process    `yaml:"prosesser" sv:"processer"`
	PeakTimes      []string      `yaml:"topptider" sv:"tidpunkter"` // when an outage hurts most: «månedsskiftet», «lønnskjøring»
	Backup         Backup        `yaml:"backup"`
	Dependencies   []*Dependency `yaml:"avhengigheter" sv:"beroenden"`
	LeftOut        []string      `yaml:"valgt_bort" sv:"bortvalda"` // activities deliberately not kept up during an outage
}

// HasContinuity reports whether the function has any of the plan-B
// content beyond the simple table of seed 000: processes, peak times,
// backup, dependencies or activities left out.
func (f *CriticalFunction) HasContinuity() bool {
	return len(f.Processes) > 0 || len(f.PeakTimes) > 0 || !f.Backup.IsZero() || len(f.Dependencies) > 0 || len(f.LeftOut) > 0
}

// Process is one prioritised process of a critical function or system
// (prioriteringsordning över processer), with its reserve routine and,
// optionally, its own consequence per outage length.
type Process struct {
	Pos          `yaml:"-"`
	Priority     int            `yaml:"prioritet"`
	Name         string         `yaml:"navn" sv:"namn"`
	Description  string         `yaml:"beskrivelse" sv:"beskrivning"`
	Reserve      ReserveRoutine `yaml:"reserverutine" sv:"reservrutin"`
	Consequences Consequence    `yaml:"konsekvens"`
}

// ReserveRoutine is how a process is kept going while the system is down
// (reservrutin): what is done, which role is responsible, and how.
type ReserveRoutine struct {
	Pos         `yaml:"-"`
	Action      string `yaml:"tiltak" sv:"åtgärder"`
	Responsible string `yaml:"ansvarlig" sv:"ansvarig"` // role ID
	How         string `yaml:"hvordan" sv:"hur"`
}

// IsZero reports whether no part of the routine is written.
func (r ReserveRoutine) IsZero() bool { return r.Action == "" && r.Responsible == "" && r.How == "" }

// Backup is how the system's data is backed up and restored, and whether
// a reserve system stands ready (backup och redundans).
type Backup struct {
	Pos         `yaml:"-"`
	Frequency   string `yaml:"hvor_ofte" sv:"hur_ofta"`                 // «hver natt»
	RestoreTime string `yaml:"gjenopprettingstid" sv:"återläsningstid"` // as written: «8 timer»
	// Restore is RestoreTime read as a duration after Load; it means
	// something only when RestoreTime is not empty.
	Restore       time.Duration `yaml:"-"`
	ReserveSystem string        `yaml:"reservesystem" sv:"reservsystem"`
}

// IsZero reports whether nothing about backup is written.
func (b Backup) IsZero() bool {
	return b.Frequency == "" && b.RestoreTime == "" && b.ReserveSystem == ""
}

// Dependency is something that must be in place for a critical function
// to work: a system, supplier, person, premises, power (the resource
// overview of service-continuity planning): what is required of it, how it
// stands now, and what is done about a gap.
type Dependency struct {
	Pos         `yaml:"-"`
	Name        string `yaml:"navn" sv:"namn"`
	Kind        string `yaml:"type" sv:"typ"` // free text: system, leverandør, personell, lokaler …
	Contact     string `yaml:"kontakt"`       // contact ID
	Requirement string `yaml:"krav"`
	Status      string `yaml:"status"` // the situation now (nuläge)
	Gap         string `yaml:"gap"`    // what is missing, and what is done about it
}

// ConsequenceLevel grades the consequence of an outage, as in the Swedish
// continuity template (måttlig, betydande, allvarlig).
type ConsequenceLevel string

// Consequence levels.
const (
	ConsequenceModerate    ConsequenceLevel = "moderat"
	ConsequenceSignificant ConsequenceLevel = "betydelig"
	ConsequenceSevere      ConsequenceLevel = "alvorlig"
)

// Consequence is the expected consequence level per outage length, each
// step with an optional comment.
type Consequence struct {
	Pos        `yaml:"-"`
	Under6h    ConsequenceStep `yaml:"under_6t" sv:"under_6h"`
	Under24h   ConsequenceStep `yaml:"under_24t" sv:"under_24h"`
	Day        ConsequenceStep `yaml:"24t" sv:"24h"`
	DaysToWeek ConsequenceStep `yaml:"2d_1uke" sv:"2d_1vecka"`
	OverWeek   ConsequenceStep `yaml:"over_1uke" sv:"över_1vecka"`
}

// ConsequenceStep is the consequence of one outage length. It is written
// either as the level alone («under_6t: moderat») or with a comment
// («under_6t: {niva: moderat, kommentar: …}»).
type ConsequenceStep struct {
	Pos     `yaml:"-"`
	Level   ConsequenceLevel `yaml:"niva" sv:"nivå"`
	Comment string           `yaml:"kommentar"`
}

// IsZero reports whether the step is not written.
func (s ConsequenceStep) IsZero() bool { return s.Level == "" && s.Comment == "" }

func (s *ConsequenceStep) fromScalar(v string) { s.Level = ConsequenceLevel(v) }

// Steps pairs each outage length with its YAML key and bokmål label, in
// order from the shortest, for tables.
func (c *Consequence) Steps() []LabelledStep { return c.StepsIn(i18n.Bokmal) }

// StepsIn is Steps with the labels in lang («Mindre än 6 tim»).
func (c *Consequence) StepsIn(lang i18n.Lang) []LabelledStep {
	steps := []LabelledStep{
		{Key: "under_6t", Step: c.Under6h},
		{Key: "under_24t", Step: c.Under24h},
		{Key: "24t", Step: c.Day},
		{Key: "2d_1uke", Step: c.DaysToWeek},
		{Key: "over_1uke", Step: c.OverWeek},
	}
	l := i18n.For(lang)
	for i := range steps {
		steps[i].Label = l.T("plan.consequence." + steps[i].Key)
	}
	return steps
}

// IsZero reports whether no step is written.
func (c *Consequence) IsZero() bool {
	for _, s := range []ConsequenceStep{c.Under6h, c.Under24h, c.Day, c.DaysToWeek, c.OverWeek} {
		if !s.IsZero() {
			return false
		}
	}
	return true
}

// LabelledStep is one row of a consequence table: the YAML key, the
// label (bokmål from Steps) and the step.
type LabelledStep struct {
	Key   string
	Label string
	Step  ConsequenceStep
}

// Level is a grade used in the ROS analysis.
type Level string

// ROS grades for likelihood and consequence. A scale of four levels uses
// lav, middels, høy and kritisk; one of five uses svært lav, lav, middels,
// høy and svært høy. Either may be written as numbers 1–4 or 1–5, or in
// Swedish or English words (words.go).
const (
	LevelVeryLow  Level = "svært lav"
	LevelLow      Level = "lav"
	LevelMedium   Level = "middels"
	LevelHigh     Level = "høy"
	LevelVeryHigh Level = "svært høy"
	LevelCritical Level = "kritisk"
)

// ScaleLevels returns the levels of a ROS scale of 4 or 5 levels, lowest
// first; any other scale gives the four levels.
func ScaleLevels(scale int) []Level {
	e := rosLevels(scale)
	out := make([]Level, len(e))
	for i, w := range e {
		out[i] = w.value
	}
	return out
}

// Rank returns the level's place on the scale, 1 for the lowest, or 0
// when it is not a level of that scale.
func (l Level) Rank(scale int) int {
	for i, s := range ScaleLevels(scale) {
		if s == l {
			return i + 1
		}
	}
	return 0
}

// ROSRow is one hazard of the risk and vulnerability analysis (ros.yaml).
type ROSRow struct {
	Pos         `yaml:"-"`
	ID          string    `yaml:"id"`
	Hazard      string    `yaml:"hendelse" sv:"händelse"`
	Likelihood  Level     `yaml:"sannsynlighet" sv:"sannolikhet"`
	Consequence Level     `yaml:"konsekvens"`
	Measures    []Measure `yaml:"tiltak" sv:"åtgärder"`
	Card        string    `yaml:"tiltakskort" sv:"åtgärdskort"` // action card ID
}

// MeasureStatus is how far a ROS measure has come.
type MeasureStatus string

// Statuses of a ROS measure.
const (
	MeasurePlanned    MeasureStatus = "planlagt"
	MeasureInProgress MeasureStatus = "pågår"
	MeasureDone       MeasureStatus = "gjennomført"
)

// Measure is one measure of a ROS row: its text, and, when it is a
// follow-up still to be done, its owner, deadline and status. A plain
// string in ros.yaml is a measure with only its text.
type Measure struct {
	Pos      `yaml:"-"`
	Text     string        `yaml:"tekst" sv:"text"`
	Owner    string        `yaml:"eier" sv:"ägare"` // role or contact ID
	Deadline Date          `yaml:"frist" sv:"tidsfrist"`
	Status   MeasureStatus `yaml:"status"`
}

func (m *Measure) fromScalar(v string) { m.Text = v }

// shorthand is implemented by the few objects that may also be written as
// a single value: a ROS measure as its text, a consequence step as its
// level. The decoder calls fromScalar instead of reporting a type error.
type shorthand interface{ fromScalar(string) }

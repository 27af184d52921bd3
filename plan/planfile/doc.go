// Package planfile reads a plan directory, validates it, and reports
// every problem as file:line: field: message in the plan's language.
//
// A plan directory holds fixed files (organisasjon.yaml, kontakter.yaml,
// varslingslister.yaml, kritiske-funksjoner.yaml, ros.yaml, maler.yaml,
// moter.yaml, arshjul.yaml) and one file per card under rollekort/ and
// tiltakskort/. Load and LoadDir decode them into a *plan.Plan with the
// position of every value (plan.Pos), accepting the Swedish field names
// of the model's sv tags in a plan with språk: sv (names.go) and the
// Swedish and English spellings of enumerated values (words.go), and
// the Swedish file names (larmlistor.yaml, rollkort/ …, files.go). They
// then validate the whole plan, complete it (phases resolved, values made
// canonical, phone numbers in E.164, the time zone loaded), index it
// (plan.Plan.Reindex) and return it with its Diagnostics. Load never
// stops at the first problem and never panics on any file content; the
// errors that only follow from a file it could not read are left out and
// counted in one note (SeverityNote).
//
// The package also ships the example plans (example/, embedded): for
// `beredskapsbot plan init` (WriteExample), for the bot without a plan
// of its own, and for tests (LoadExample).
//
// Validation is one method of validator per part of the plan, called in
// order from validate (validate.go). A new field is read by its yaml and
// sv tags on the model type in package plan; to check it, add a
// `func (v *validator) checkX()` in a file of this package and call it
// from validate.
package planfile

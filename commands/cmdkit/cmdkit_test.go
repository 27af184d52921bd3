package cmdkit_test

import (
	"context"
	"errors"
	"regexp"
	"testing"

	"github.com/sirupsen/logrus/hooks/test"

	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

func TestTextHelpers(t *testing.T) {
	for _, tc := range []struct{ in, word, rest string }{
		{"  logg  Evakuer nå ", "logg", "Evakuer nå"},
		{"hjelp", "hjelp", ""},
		{"", "", ""},
		{"a\tb c", "a", "b c"},
	} {
		if w, r := cmdkit.FirstWord(tc.in); w != tc.word || r != tc.rest {
			t.Errorf("FirstWord(%q) = %q, %q; want %q, %q", tc.in, w, r, tc.word, tc.rest)
		}
	}
	if got := cmdkit.JoinOr(cmdkit.QuoteAll([]string{"a", "b", "c"})); got != "`a`, `b` eller `c`" {
		t.Errorf("JoinOr = %q", got)
	}
	if got := cmdkit.ClipText("Strømbrudd", 5); got != "Strø…" {
		t.Errorf("ClipText = %q", got)
	}
}

// A store without a feature's methods is an internal error, never a panic.
func TestStoreAs(t *testing.T) {
	type feature interface{ NoSuchMethod(context.Context) error }
	db := testkit.OpenDB(t, nil)
	e := &cmdkit.Env{Store: db}
	if _, err := cmdkit.StoreAs[feature](e); apperr.CodeOf(err) != apperr.Internal {
		t.Errorf("StoreAs of a missing interface: %v (code %v)", err, apperr.CodeOf(err))
	}
	if s, err := cmdkit.StoreAs[cmdkit.Store](e); err != nil || s == nil {
		t.Errorf("StoreAs[cmdkit.Store] = %v, %v", s, err)
	}
}

// A keyword is understood in every language, folded; the plan's language
// decides only how it is shown.
func TestKeyword(t *testing.T) {
	for _, w := range []string{"bekreft", "BEKREFT", "bekräfta", "bekrafta", "confirm", " Confirm "} {
		if !cmdkit.Keyword(w, "kw.confirm") {
			t.Errorf("Keyword(%q) = false", w)
		}
	}
	for _, w := range []string{"", "bekref", "ja", "confirmed"} {
		if cmdkit.Keyword(w, "kw.confirm") {
			t.Errorf("Keyword(%q) = true", w)
		}
	}
	if got := cmdkit.KeywordIn(i18n.Swedish, "kw.confirm"); got != "bekräfta" {
		t.Errorf("KeywordIn(sv) = %q", got)
	}
}

func TestJoinOrIn(t *testing.T) {
	for lang, want := range map[i18n.Lang]string{i18n.Bokmal: "a, b eller c", i18n.Swedish: "a, b eller c", i18n.English: "a, b or c"} {
		if got := cmdkit.JoinOrIn(lang, []string{"a", "b", "c"}); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

// An internal error is answered in the plan's language, with the
// reference; the full error goes to the log only.
func TestErrorResponseInPlanLanguage(t *testing.T) {
	p := testkit.ExamplePlan(t)
	p.Lang = i18n.Swedish
	log, _ := test.NewNullLogger()
	e := &cmdkit.Env{Log: log}
	e.SetPlan(p)
	out := e.ErrorResponse(ui.Request{Command: "/beredskap"}, errors.New("disk full"))
	if !regexp.MustCompile(`^Tyvärr gick något fel \(referens [0-9a-f]{8}\)\. Felet är loggat; försök igen om en stund\. Inget har loggats från det här kommandot\.$`).MatchString(out.Text) {
		t.Errorf("answer %q", out.Text)
	}
}

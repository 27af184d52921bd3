package plan

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Retention says how long the bot keeps personal data (personvern in
// organisasjon.yaml). Each field is a duration in bokmål such as
// "5 år", "30 dager", "6 måneder" or "2 uker"; "0 dager" means at once.
// A field left out takes its default (DefaultRetention).
//
//	personvern:
//	  fritekst_lukkede_hendelser: 5 år
//	  leverte_utboksmeldinger: 30 dager
//	  slack_brukerbuffer: 30 dager
type Retention struct {
	Pos `yaml:"-"`
	// ClosedIncidentTexts is how long after an incident is closed the
	// texts of its log are kept; then they are redacted.
	ClosedIncidentTexts string `yaml:"fritekst_lukkede_hendelser" sv:"fritext_stängda_händelser"`
	// DeliveredOutbox is how long the payload of a delivered outbox item
	// (the message posted to Slack) is kept.
	DeliveredOutbox string `yaml:"leverte_utboksmeldinger" sv:"levererade_utkorgsmeddelanden"`
	// SlackUserCache is how long a cached Slack user (name, e-mail) is
	// kept after it was last fetched.
	SlackUserCache string `yaml:"slack_brukerbuffer" sv:"slack_användarcache"`
}

// DefaultRetention is the retention of a plan that does not say:
// closed incidents' texts 5 years (the archive duty of most public
// bodies is met by the exported report, not by the bot), delivered
// outbox payloads 30 days, the Slack-user cache 30 days.
var DefaultRetention = Retentions{
	ClosedIncidentTexts: RetentionPeriod{Years: 5},
	DeliveredOutbox:     RetentionPeriod{Days: 30},
	SlackUserCache:      RetentionPeriod{Days: 30},
}

// RetentionPeriod is a duration in calendar units.
type RetentionPeriod struct {
	Years, Months, Days int
}

// Before returns the moment now minus the period: data older than that
// is past retention.
func (r RetentionPeriod) Before(now time.Time) time.Time {
	return now.AddDate(-r.Years, -r.Months, -r.Days)
}

// String returns the period in bokmål, e.g. "5 år" or "30 dager".
func (r RetentionPeriod) String() string {
	var parts []string
	if r.Years != 0 {
		parts = append(parts, fmt.Sprintf("%d år", r.Years))
	}
	if r.Months != 0 {
		parts = append(parts, plural(r.Months, "måned", "måneder"))
	}
	if r.Days != 0 || len(parts) == 0 {
		parts = append(parts, plural(r.Days, "dag", "dager"))
	}
	return strings.Join(parts, " ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Retentions are the plan's retention periods, resolved with defaults.
type Retentions struct {
	ClosedIncidentTexts RetentionPeriod
	DeliveredOutbox     RetentionPeriod
	SlackUserCache      RetentionPeriod
}

// Retentions returns the plan's retention periods, with DefaultRetention
// for those it leaves out (or gets wrong: validation reports those).
func (p *Plan) Retentions() Retentions {
	out := DefaultRetention
	if p == nil {
		return out
	}
	r := p.Org.Privacy
	for _, f := range []struct {
		text string
		dst  *RetentionPeriod
	}{
		{r.ClosedIncidentTexts, &out.ClosedIncidentTexts},
		{r.DeliveredOutbox, &out.DeliveredOutbox},
		{r.SlackUserCache, &out.SlackUserCache},
	} {
		if strings.TrimSpace(f.text) == "" {
			continue
		}
		if d, err := ParseRetention(f.text); err == nil {
			*f.dst = d
		}
	}
	return out
}

// ParseRetention reads a period such as "5 år", "6 måneder", "2 uker",
// "30 dager" or "1 dag". Returns an error (bokmål) for anything else.
func ParseRetention(s string) (RetentionPeriod, error) {
	fields := strings.Fields(strings.ToLower(strings.TrimSpace(s)))
	if len(fields) != 2 {
		return RetentionPeriod{}, fmt.Errorf("%q er ikke en varighet; skriv f.eks. «5 år», «6 måneder», «2 uker» eller «30 dager»", s)
	}
	n, err := strconv.Atoi(fields[0])
	if err != nil || n < 0 || n > 100 {
		return RetentionPeriod{}, fmt.Errorf("%q: antallet må være et helt tall fra 0 til 100", s)
	}
	switch fields[1] {
	case "år":
		return RetentionPeriod{Years: n}, nil
	case "måned", "måneder", "mnd", "månad", "månader":
		return RetentionPeriod{Months: n}, nil
	case "uke", "uker", "vecka", "veckor":
		return RetentionPeriod{Days: 7 * n}, nil
	case "dag", "dager", "døgn", "dagar", "dygn":
		return RetentionPeriod{Days: n}, nil
	}
	return RetentionPeriod{}, fmt.Errorf("%q: ukjent enhet %q; bruk år, måneder, uker eller dager", s, fields[1])
}

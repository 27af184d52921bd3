package planfile

import (
	"net/mail"
	"regexp"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// defaultRegion is the phone region used when organisasjon.yaml names none.
const defaultRegion = "NO"

// normalisePhone parses raw as written in the plan ("912 34 567",
// "+46 8 123 456 78") with region as the default country. A valid number is
// returned in E.164 ("+4791234567") and in international format for display
// ("+47 912 34 567"). A valid short number of the region (113, 116 117) has
// no E.164 form; it is returned as its digits, shown as written.
func normalisePhone(raw, region string) (e164, display string, ok bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", "", false
	}
	num, err := phonenumbers.Parse(raw, region)
	if err != nil {
		return "", "", false
	}
	if phonenumbers.IsValidNumber(num) {
		return phonenumbers.Format(num, phonenumbers.E164), phonenumbers.Format(num, phonenumbers.INTERNATIONAL), true
	}
	if !strings.HasPrefix(raw, "+") && phonenumbers.IsValidShortNumberForRegion(num, region) {
		return phonenumbers.GetNationalSignificantNumber(num), raw, true
	}
	return "", "", false
}

// examplePhone returns a mobile number of region in international format
// ("+46 70 123 45 67"), for messages; "" for an unknown region.
func examplePhone(region string) string {
	switch region {
	case "NO":
		return "+47 912 34 567"
	case "SE":
		return "+46 70 123 45 67"
	}
	num := phonenumbers.GetExampleNumberForType(region, phonenumbers.MOBILE)
	if num == nil {
		return ""
	}
	return phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
}

// emergencyNumbers are the emergency numbers of the Nordic countries and
// those a plan may copy from elsewhere: never a contact's own number.
var emergencyNumbers = map[string]bool{"110": true, "112": true, "113": true, "911": true, "999": true}

// emergencyNumber reports whether raw, spaces and dashes aside, is an
// emergency number such as 112.
func emergencyNumber(raw string) bool {
	return emergencyNumbers[strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(raw))]
}

// knownRegion reports whether region is a country phonenumbers knows ("NO", "SE").
func knownRegion(region string) bool {
	return phonenumbers.GetSupportedRegions()[region]
}

// plainEmail reports whether s is a bare e-mail address ("ola@kommune.no"),
// not a display-name form ("Ola <ola@kommune.no>"), with a dotted domain.
func plainEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	_, domain, _ := strings.Cut(a.Address, "@")
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

var (
	slackUserRE    = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)
	slackChannelRE = regexp.MustCompile(`^[CG][A-Z0-9]{2,}$`)
)

// validSlackUser reports whether s looks like a Slack user ID (U0123ABCD or
// W0123ABCD for Enterprise Grid).
func validSlackUser(s string) bool { return slackUserRE.MatchString(s) }

// validChannel reports whether s is a Slack channel ID (C…, G…) or a
// channel name written with "#" ("#beredskap-ovelse").
func validChannel(s string) bool {
	if slackChannelRE.MatchString(s) {
		return true
	}
	name, ok := strings.CutPrefix(s, "#")
	return ok && name != "" && len(name) <= 80 && !strings.ContainsAny(name, " \t#") && strings.ToLower(name) == name
}

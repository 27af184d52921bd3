package plan

import (
	"fmt"
	"slices"
	"sort"
	"strings"
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
func granteeWords() string {
	words := make([]string, len(GranteeKinds))
	for i, k := range GranteeKinds {
		words[i] = string(k)
	}
	return strings.Join(words, ", ") + " eller en rolle-id"
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
			"kontakten «%s» kan ikke kjennes igjen i Slack; gi den slack eller slack_epost i kontakter.yaml", id)
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
			v.fail(a.Pos, "tilgang.", key, "mangler (skriv minst én: %s); ta bort linjen for å bruke standarden", granteeWords())
			continue
		}
		for i, w := range words {
			line := a.FieldLine(itemKeyOr(a.Pos, key, i))
			g, ok := v.p.ParseGrantee(w)
			if ok && g.Kind == GranteeRole && !validID(w) {
				ok = false // a role ID must be written exactly
			}
			if !ok {
				msg := fmt.Sprintf("ukjent «%s»", w)
				if s := suggestName(w, known); s != "" {
					msg = withSuggestion(msg, s)
				} else {
					msg += "; bruk " + granteeWords()
				}
				v.c.errorf(a.File, line, "tilgang."+key, "%s", msg)
				continue
			}
			if only, limited := granteeOnlyFor[g.Kind]; limited && !slices.Contains(only, key) {
				v.c.warnf(a.File, line, "tilgang."+key, "«%s» gjelder bare for %s; her gir det ingen tilgang", w, strings.Join(only, " og "))
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
		k, ok := enumValue(r.Kind, RoleLeader, RoleScribe)
		if !ok {
			v.fail(r.Pos, "", "rolletype", "ukjent rolletype «%s»; bruk %s", r.Kind, enumList(RoleLeader, RoleScribe))
			r.Kind = ""
			continue
		}
		if o, dup := first[k]; dup {
			v.fail(r.Pos, "", "rolletype", "bare ett rollekort kan ha rolletype %s; «%s» har den allerede (%s)", k, o.ID, where(o.File, o.FieldLine("rolletype")))
			r.Kind = ""
			continue
		}
		r.Kind = k
		first[k] = r
	}
}

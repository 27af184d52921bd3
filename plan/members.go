package plan

import (
	"slices"
	"strings"
)

// A plan member is a contact the bot can recognise in Slack: one with a
// Slack user ID (slack) or a Slack e-mail address (slack_epost). The plan
// knows Slack IDs only for the first kind; for the second the caller
// knows the user's e-mail (from the Slack profile or the bot's cache of
// looked-up users) and passes it to ContactOf.

// Member reports whether the contact can be recognised in Slack: it has a
// Slack ID or a Slack e-mail address.
func (c *Contact) Member() bool { return c.SlackID != "" || c.SlackEmail != "" }

// ContactBySlack returns the contact whose Slack ID is userID, or nil if
// there is none.
func (p *Plan) ContactBySlack(userID string) *Contact {
	if userID == "" {
		return nil
	}
	for _, c := range p.Contacts {
		if c.SlackID == userID {
			return c
		}
	}
	return nil
}

// ContactByEmail returns the contact without a Slack ID whose slack_epost
// is email, compared without regard to case, or nil if there is none. A
// contact with a Slack ID is recognised by that ID only.
func (p *Plan) ContactByEmail(email string) *Contact {
	email = strings.TrimSpace(email)
	if email == "" {
		return nil
	}
	for _, c := range p.Contacts {
		if c.SlackID == "" && c.SlackEmail != "" && strings.EqualFold(c.SlackEmail, email) {
			return c
		}
	}
	return nil
}

// ContactOf returns the contact that the Slack user userID is: by Slack
// ID, else by email, the user's Slack e-mail address when the caller
// knows it (may be empty). It returns nil for a user the plan does not
// name.
func (p *Plan) ContactOf(userID, email string) *Contact {
	if c := p.ContactBySlack(userID); c != nil {
		return c
	}
	return p.ContactByEmail(email)
}

// IsMember reports whether the Slack user is a plan member by the Slack
// ID the plan gives. Members named only by slack_epost are found with
// ContactOf and the user's e-mail.
func (p *Plan) IsMember(userID string) bool { return p.ContactBySlack(userID) != nil }

// IsAdmin reports whether the Slack user is one of the plan's
// administrators by the Slack ID the plan gives; see IsAdminContact for
// administrators named by slack_epost.
func (p *Plan) IsAdmin(userID string) bool {
	c := p.ContactBySlack(userID)
	return c != nil && p.IsAdminContact(c.ID)
}

// IsAdminContact reports whether the contact ID is listed under
// administratorer.
func (p *Plan) IsAdminContact(contactID string) bool {
	return contactID != "" && slices.Contains(p.Org.Admins, contactID)
}

// Members returns the plan members in plan order, or nil if there are none.
func (p *Plan) Members() []*Contact {
	var out []*Contact
	for _, c := range p.Contacts {
		if c.Member() {
			out = append(out, c)
		}
	}
	return out
}

// AdminContacts returns the administrators' contacts in the order of
// administratorer, leaving out IDs that name no contact, or nil if there
// are none.
func (p *Plan) AdminContacts() []*Contact {
	var out []*Contact
	for _, id := range p.Org.Admins {
		if c := p.Contact(id); c != nil {
			out = append(out, c)
		}
	}
	return out
}

package access

import (
	"slices"

	"github.com/beredskapsbot/beredskapsbot/plan"
)

// contactRef prefixes a role holder given by the plan's contact ID rather
// than a Slack ID, as incidents store it (ui.ContactPrefix; a test keeps
// them equal).
const contactRef = "kontakt:"

// userRef is how an incident names a contact: its Slack ID, else
// "kontakt:<id>".
func userRef(c *plan.Contact) string {
	if c.SlackID != "" {
		return c.SlackID
	}
	return contactRef + c.ID
}

// holdersOf returns the incident's current holders of the role.
func (s Subject) holdersOf(roleID string) []string {
	if roleID == "" {
		return nil
	}
	var out []string
	for _, h := range s.Holders {
		if h.RoleID == roleID && h.UserID != "" && !slices.Contains(out, h.UserID) {
			out = append(out, h.UserID)
		}
	}
	return out
}

// checker answers whether the actor belongs to a group.
type checker struct {
	p   *plan.Plan
	who Actor
	on  Subject
	me  *plan.Contact // the actor's contact; nil for a user the plan does not name
}

// is reports whether ref (a user ID or "kontakt:<id>") is the actor.
func (c *checker) is(ref string) bool {
	if ref == "" {
		return false
	}
	return ref == c.who.UserID || (c.me != nil && ref == contactRef+c.me.ID)
}

func (c *checker) isAny(refs []string) bool { return slices.ContainsFunc(refs, c.is) }

func (c *checker) isAdmin() bool {
	return c.who.ConsoleAdmin || (c.me != nil && c.p.IsAdminContact(c.me.ID))
}

// holds reports whether the actor holds the role: in the incident when
// there is one, else as a holder or deputy on the role card.
func (c *checker) holds(r *plan.Role) bool {
	if r == nil {
		return false
	}
	if c.on.Incident != nil {
		return c.isAny(c.on.holdersOf(r.ID))
	}
	return c.me != nil && (slices.Contains(r.Holders, c.me.ID) || slices.Contains(r.Deputies, c.me.ID))
}

func (c *checker) matches(g plan.Grantee) bool {
	switch g.Kind {
	case plan.GranteeAnyone:
		return true
	case plan.GranteeMembers:
		return c.me != nil && c.me.Member()
	case plan.GranteeChannelMembers:
		return c.who.ChannelMember
	case plan.GranteeLeader:
		return c.holds(c.p.LeaderRole())
	case plan.GranteeScribe:
		return c.holds(c.p.ScribeRole())
	case plan.GranteeRole:
		return c.holds(c.p.Role(g.Role))
	case plan.GranteeOpener:
		return c.on.Incident != nil && c.is(c.on.Incident.OpenedBy)
	case plan.GranteeAuthor:
		return c.is(c.on.EntryAuthor)
	case plan.GranteeHolder:
		return c.isAny(c.on.holdersOf(c.on.Role))
	case plan.GranteeOwner:
		return c.isAny(c.owners())
	case plan.GranteeAdmins:
		return c.isAdmin()
	}
	return false
}

// owners returns the users who own the subject's exercise or review.
func (c *checker) owners() []string {
	o := c.on.Owner
	if o == "" {
		return nil
	}
	if ct := c.p.Contact(o); ct != nil {
		return []string{userRef(ct)}
	}
	if r := c.p.Role(o); r != nil {
		return c.cardUsers(r, true)
	}
	return nil
}

// cardUsers returns the users a role card names: its holders, and its
// deputies too when withDeputies.
func (c *checker) cardUsers(r *plan.Role, withDeputies bool) []string {
	ids := r.Holders
	if withDeputies {
		ids = append(slices.Clip(ids), r.Deputies...)
	}
	var out []string
	for _, id := range ids {
		if ct := c.p.Contact(id); ct != nil && !slices.Contains(out, userRef(ct)) {
			out = append(out, userRef(ct))
		}
	}
	return out
}

// roleUsers returns who holds the role now: in the incident when there
// is one, else the card's holders.
func (c *checker) roleUsers(r *plan.Role) []string {
	if r == nil {
		return nil
	}
	if c.on.Incident != nil {
		return c.on.holdersOf(r.ID)
	}
	return c.cardUsers(r, false)
}

// resolve turns a rule into the groups a refusal names, with the people
// concerned. Administrators are added at the end unless the rule already
// names them, or names everyone they are part of (alle, medlemmer).
func (c *checker) resolve(rule []plan.Grantee) []Who {
	out := make([]Who, 0, len(rule)+1)
	needAdmins := true
	for _, g := range rule {
		w := Who{Grantee: g}
		switch g.Kind {
		case plan.GranteeAnyone, plan.GranteeMembers, plan.GranteeAdmins:
			needAdmins = false
		}
		switch g.Kind {
		case plan.GranteeLeader:
			w.Role = c.p.LeaderRole()
			w.Users = c.roleUsers(w.Role)
		case plan.GranteeScribe:
			w.Role = c.p.ScribeRole()
			w.Users = c.roleUsers(w.Role)
		case plan.GranteeRole:
			w.Role = c.p.Role(g.Role)
			w.Users = c.roleUsers(w.Role)
		case plan.GranteeHolder:
			w.Role = c.p.Role(c.on.Role)
			w.Users = c.on.holdersOf(c.on.Role)
		case plan.GranteeOpener:
			if c.on.Incident != nil && c.on.Incident.OpenedBy != "" {
				w.Users = []string{c.on.Incident.OpenedBy}
			}
		case plan.GranteeAuthor:
			if c.on.EntryAuthor != "" {
				w.Users = []string{c.on.EntryAuthor}
			}
		case plan.GranteeOwner:
			w.Users = c.owners()
		case plan.GranteeAdmins:
			w.Users = c.admins()
		}
		out = append(out, w)
	}
	if needAdmins {
		out = append(out, Who{Grantee: plan.Grantee{Kind: plan.GranteeAdmins}, Users: c.admins()})
	}
	return out
}

func (c *checker) admins() []string {
	var out []string
	for _, ct := range c.p.AdminContacts() {
		out = append(out, userRef(ct))
	}
	return out
}

package plan

import "slices"

// Reindex builds the indexes behind Role, Contact, List, Card, Template
// and RolesOf from the plan's slices. The loader (plan/planfile) calls it
// once the plan is read; call it again after changing those slices of a
// plan that has been indexed, or lookups see the old contents. With
// duplicate ids (an error the loader reports) the first definition wins,
// as in validation. A Plan never indexed is searched item by item.
func (p *Plan) Reindex() {
	p.roleByID = indexByID(p.Roles, func(r *Role) string { return r.ID })
	p.contactByID = indexByID(p.Contacts, func(c *Contact) string { return c.ID })
	p.listByID = indexByID(p.Lists, func(l *NotificationList) string { return l.ID })
	p.cardByID = indexByID(p.Cards, func(a *ActionCard) string { return a.ID })
	p.templateByID = indexByID(p.Templates, func(t *Template) string { return t.ID })
	p.rolesByContactID = map[string][]*Role{}
	for _, r := range p.Roles {
		seen := map[string]bool{}
		for _, ids := range [][]string{r.Holders, r.Deputies} {
			for _, id := range ids {
				if id != "" && !seen[id] {
					seen[id] = true
					p.rolesByContactID[id] = append(p.rolesByContactID[id], r)
				}
			}
		}
	}
}

func indexByID[T any](items []*T, id func(*T) string) map[string]*T {
	m := make(map[string]*T, len(items))
	for _, it := range items {
		if k := id(it); k != "" {
			if _, dup := m[k]; !dup {
				m[k] = it
			}
		}
	}
	return m
}

// lookup finds id in the index m, or, for a Plan never indexed (whose
// index is nil), by scanning items. It returns nil when there is none.
func lookup[T any](m map[string]*T, items []*T, id func(*T) string, want string) *T {
	if m != nil {
		return m[want]
	}
	for _, it := range items {
		if id(it) == want {
			return it
		}
	}
	return nil
}

// Role returns the role card with exactly this id, or nil if there is none.
func (p *Plan) Role(id string) *Role {
	return lookup(p.roleByID, p.Roles, func(r *Role) string { return r.ID }, id)
}

// Contact returns the contact with exactly this id, or nil if there is none.
func (p *Plan) Contact(id string) *Contact {
	return lookup(p.contactByID, p.Contacts, func(c *Contact) string { return c.ID }, id)
}

// List returns the notification list with exactly this id, or nil if there
// is none.
func (p *Plan) List(id string) *NotificationList {
	return lookup(p.listByID, p.Lists, func(l *NotificationList) string { return l.ID }, id)
}

// Card returns the action card with exactly this id, or nil if there is
// none. Aliases are not matched here; fuzzy matching does that.
func (p *Plan) Card(id string) *ActionCard {
	return lookup(p.cardByID, p.Cards, func(a *ActionCard) string { return a.ID }, id)
}

// Template returns the message template with exactly this id, or nil if
// there is none.
func (p *Plan) Template(id string) *Template {
	return lookup(p.templateByID, p.Templates, func(t *Template) string { return t.ID }, id)
}

// Exercise returns the exercise with exactly this id, or nil if there is none.
func (p *Plan) Exercise(id string) *Exercise {
	return lookup(nil, p.Exercises, func(e *Exercise) string { return e.ID }, id)
}

// Review returns the scheduled review with exactly this id, or nil if
// there is none.
func (p *Plan) Review(id string) *Review {
	return lookup(nil, p.Reviews, func(r *Review) string { return r.ID }, id)
}

// RolesOf returns the roles in which the contact is a holder or a deputy,
// in plan order, or nil if there are none.
func (p *Plan) RolesOf(contactID string) []*Role {
	if p.rolesByContactID != nil {
		return p.rolesByContactID[contactID]
	}
	var out []*Role
	for _, r := range p.Roles {
		if slices.Contains(r.Holders, contactID) || slices.Contains(r.Deputies, contactID) {
			out = append(out, r)
		}
	}
	return out
}

// DefaultList returns the notification list marked standard: true, else
// the first list, or nil when the plan has no lists.
func (p *Plan) DefaultList() *NotificationList {
	for _, l := range p.Lists {
		if l.Default {
			return l
		}
	}
	if len(p.Lists) > 0 {
		return p.Lists[0]
	}
	return nil
}

// ListFor returns the notification list named by the card, else
// DefaultList. card may be nil (an incident that names no card). It
// returns nil only when the plan has no lists.
func (p *Plan) ListFor(card *ActionCard) *NotificationList {
	if card != nil && card.List != "" {
		if l := p.List(card.List); l != nil {
			return l
		}
	}
	return p.DefaultList()
}

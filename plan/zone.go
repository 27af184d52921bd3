package plan

import "time"

// Zone is the time zone times are shown and scheduled in: override when
// it is not nil (BEREDSKAP_TZ), else the plan's own (tidssone), else
// Europe/Oslo, else UTC (only where no zone database exists; the binary
// embeds one). It is never nil, as Time.In panics on a nil zone; p may be
// nil.
func Zone(override *time.Location, p *Plan) *time.Location {
	switch {
	case override != nil:
		return override
	case p != nil && p.Location != nil:
		return p.Location
	}
	if loc, err := time.LoadLocation("Europe/Oslo"); err == nil {
		return loc
	}
	return time.UTC
}

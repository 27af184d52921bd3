package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// dedupeWindow: an open incident of the same kind and title opened less
// than this long ago is taken to be the same one (two people pressing
// "start" at once get one incident).
const dedupeWindow = 2 * time.Minute

// closedText is the log text when an incident is closed without a summary.
const closedText = "Hendelsen er avsluttet"

const incidentColumns = `id, title, kind, private, card_id, list_id, channel_id, channel_name,
	opened_by, opened_at, closed_by, closed_at, summary, next_meeting`

// incidentKey is the outbox ordering key of everything about an incident.
func incidentKey(id int64) string { return "incident:" + strconv.FormatInt(id, 10) }

// normTitle is the title as compared for dedupe: trimmed, inner runs of
// white space collapsed to one space, lower case.
func normTitle(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// CreateIncident opens an incident: it stores it, appends log entry #1
// (EntryOpened, text = title) and enqueues an incident.opened outbox item,
// all in one transaction. If an open incident of the same Kind and title
// (compared case-insensitively, white space collapsed) was opened less
// than two minutes before Now, it returns that one with created=false and
// writes nothing. An empty Kind means incident.KindIncident. n.ChannelID
// may repeat an earlier incident's (the console reuses one channel);
// IncidentByChannel then finds the newest.
//
// Returns an error wrapping incident.ErrInvalid if the title is empty or
// the kind is unknown.
func (db *DB) CreateIncident(ctx context.Context, n incident.NewIncident) (inc incident.Incident, created bool, err error) {
	if strings.TrimSpace(n.Title) == "" {
		return incident.Incident{}, false, fmt.Errorf("the title cannot be empty: %w", incident.ErrInvalid)
	}
	if n.Kind == "" {
		n.Kind = incident.KindIncident
	}
	if n.Kind != incident.KindIncident && n.Kind != incident.KindExercise {
		return incident.Incident{}, false, fmt.Errorf("unknown incident kind %q: %w", n.Kind, incident.ErrInvalid)
	}
	err = db.inIncidentTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		recent, err := queryIncidents(ctx, tx, `WHERE closed_at IS NULL AND kind = ? AND opened_at > ? ORDER BY id`,
			string(n.Kind), sqlite.FormatTime(now.Add(-dedupeWindow)))
		if err != nil {
			return err
		}
		want := normTitle(n.Title)
		for _, r := range recent {
			if normTitle(r.Title) == want {
				inc = r
				return nil
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO incidents
			(title, kind, private, card_id, list_id, channel_id, channel_name, opened_by, opened_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			n.Title, string(n.Kind), n.Private, n.CardID, n.ListID, n.ChannelID, n.ChannelName, n.OpenedBy, sqlite.FormatTime(now))
		if err != nil {
			return fmt.Errorf("store incident: %w", sqlite.MapErr(err))
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		text := n.OpenedText
		if text == "" {
			text = n.Title
		}
		opened, err := db.appendEntry(ctx, tx, incident.NewEntry{
			IncidentID: id, Kind: incident.EntryOpened, Author: n.OpenedBy, Text: text,
		})
		if err != nil {
			return err
		}
		for _, r := range n.Roles {
			if _, err := tx.ExecContext(ctx, `INSERT INTO assignments (incident_id, role_id, user_id, assigned_by, assigned_at)
				VALUES (?, ?, ?, ?, ?)`, id, r.RoleID, r.UserID, n.OpenedBy, sqlite.FormatTime(opened.CreatedAt)); err != nil {
				return fmt.Errorf("store role %s: %w", r.RoleID, sqlite.MapErr(err))
			}
		}
		payload, _ := json.Marshal(incident.IncidentPayload{IncidentID: id})
		if _, err := db.enqueue(ctx, tx, incident.OutboxItem{
			Kind: incident.OutboxIncidentOpened, Key: incidentKey(id), IncidentID: id, Payload: payload,
		}); err != nil {
			return err
		}
		inc, err = getIncident(ctx, tx, id)
		created = true
		return err
	})
	if err != nil {
		return incident.Incident{}, false, err
	}
	return inc, created, nil
}

// Incident returns the incident with the given ID, or an error wrapping
// incident.ErrNotFound.
func (db *DB) Incident(ctx context.Context, id int64) (incident.Incident, error) {
	return getIncident(ctx, db.read, id)
}

// IncidentByChannel returns the newest incident whose channel ID is
// channelID, or an error wrapping incident.ErrNotFound. Answers are
// cached in memory: exact for this process's writes, and at most
// channelCacheTTL old for another process's.
func (db *DB) IncidentByChannel(ctx context.Context, channelID string) (incident.Incident, error) {
	if channelID == "" {
		return incident.Incident{}, fmt.Errorf("no incident without a channel: %w", incident.ErrNotFound)
	}
	a, ok, gen := db.channels.get(channelID)
	if !ok {
		list, err := queryIncidents(ctx, db.read, `WHERE channel_id = ? ORDER BY id DESC LIMIT 1`, channelID)
		if err != nil {
			return incident.Incident{}, err
		}
		if len(list) > 0 {
			a = channelAnswer{inc: list[0]}
		} else {
			a = channelAnswer{err: fmt.Errorf("no incident in channel %s: %w", channelID, incident.ErrNotFound)}
		}
		db.channels.put(channelID, gen, a)
	}
	if a.err != nil {
		return incident.Incident{}, a.err
	}
	return a.inc, nil
}

// OpenIncidents returns the incidents not yet closed, oldest first.
// It returns only database errors.
func (db *DB) OpenIncidents(ctx context.Context) ([]incident.Incident, error) {
	return queryIncidents(ctx, db.read, `WHERE closed_at IS NULL ORDER BY opened_at, id`)
}

// Incidents returns all incidents, open and closed, oldest first.
// It returns only database errors.
func (db *DB) Incidents(ctx context.Context) ([]incident.Incident, error) {
	return queryIncidents(ctx, db.read, `ORDER BY opened_at, id`)
}

// SetChannel records the channel the transport created for an incident.
// Returns an error wrapping incident.ErrNotFound if there is no such
// incident, or incident.ErrConflict if another incident has that channel.
func (db *DB) SetChannel(ctx context.Context, id int64, channelID, channelName string) error {
	return db.inIncidentTx(ctx, func(tx *sql.Tx) error {
		if _, err := getIncident(ctx, tx, id); err != nil {
			return err
		}
		if channelID != "" {
			var other int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM incidents WHERE channel_id = ? AND id <> ? LIMIT 1`, channelID, id).Scan(&other)
			if err == nil {
				return fmt.Errorf("channel %s is already used by incident %d: %w", channelID, other, incident.ErrConflict)
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE incidents SET channel_id = ?, channel_name = ? WHERE id = ?`, channelID, channelName, id)
		return err
	})
}

// CloseIncident closes an incident: it sets ClosedAt (Now), ClosedBy and
// Summary, clears the next meeting (status shows none; its reminders are
// dropped, the incident being closed), appends an EntryClosed log entry (text = summary, or "Hendelsen
// er avsluttet" if empty) and enqueues an incident.closed outbox item, in
// one transaction. It returns the closed incident and the entry.
// Returns an error wrapping incident.ErrNotFound or
// incident.ErrIncidentClosed (already closed).
func (db *DB) CloseIncident(ctx context.Context, id int64, by, summary string) (incident.Incident, incident.Entry, error) {
	var inc incident.Incident
	var entry incident.Entry
	err := db.inIncidentTx(ctx, func(tx *sql.Tx) error {
		if _, err := openIncident(ctx, tx, id); err != nil {
			return err
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE incidents SET closed_at = ?, closed_by = ?, summary = ?, next_meeting = NULL WHERE id = ?`,
			sqlite.FormatTime(now), by, summary, id); err != nil {
			return err
		}
		text := summary
		if strings.TrimSpace(text) == "" {
			text = closedText
		}
		var err error
		entry, err = db.appendEntry(ctx, tx, incident.NewEntry{IncidentID: id, Kind: incident.EntryClosed, Author: by, Text: text})
		if err != nil {
			return err
		}
		payload, _ := json.Marshal(incident.IncidentPayload{IncidentID: id})
		if _, err := db.enqueue(ctx, tx, incident.OutboxItem{
			Kind: incident.OutboxIncidentClosed, Key: incidentKey(id), IncidentID: id, Payload: payload,
		}); err != nil {
			return err
		}
		inc, err = getIncident(ctx, tx, id)
		return err
	})
	if err != nil {
		return incident.Incident{}, incident.Entry{}, err
	}
	return inc, entry, nil
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// getIncident loads one incident; ErrNotFound (wrapped with the id) if absent.
func getIncident(ctx context.Context, q querier, id int64) (incident.Incident, error) {
	list, err := queryIncidents(ctx, q, `WHERE id = ?`, id)
	if err != nil {
		return incident.Incident{}, err
	}
	if len(list) == 0 {
		return incident.Incident{}, fmt.Errorf("incident %d: %w", id, incident.ErrNotFound)
	}
	return list[0], nil
}

// openIncident loads an incident that must still be open: ErrNotFound or
// ErrIncidentClosed (wrapped with the id) otherwise.
func openIncident(ctx context.Context, q querier, id int64) (incident.Incident, error) {
	inc, err := getIncident(ctx, q, id)
	if err != nil {
		return inc, err
	}
	if !inc.Open() {
		return inc, fmt.Errorf("incident %d: %w", id, incident.ErrIncidentClosed)
	}
	return inc, nil
}

// queryIncidents runs SELECT incidentColumns FROM incidents <tail>.
func queryIncidents(ctx context.Context, q querier, tail string, args ...any) ([]incident.Incident, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+incidentColumns+` FROM incidents `+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("read incidents: %w", err)
	}
	defer rows.Close()
	var out []incident.Incident
	for rows.Next() {
		var (
			i                     incident.Incident
			kind                  string
			openedAt              string
			closedAt, nextMeeting sql.NullString
		)
		if err := rows.Scan(&i.ID, &i.Title, &kind, &i.Private, &i.CardID, &i.ListID, &i.ChannelID, &i.ChannelName,
			&i.OpenedBy, &openedAt, &i.ClosedBy, &closedAt, &i.Summary, &nextMeeting); err != nil {
			return nil, fmt.Errorf("read incident: %w", err)
		}
		i.Kind = incident.Kind(kind)
		var err error
		if i.OpenedAt, err = sqlite.ParseTime(sql.NullString{String: openedAt, Valid: true}); err != nil {
			return nil, err
		}
		if i.ClosedAt, err = sqlite.ParseTime(closedAt); err != nil {
			return nil, err
		}
		if i.NextMeeting, err = sqlite.ParseTime(nextMeeting); err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read incidents: %w", err)
	}
	return out, nil
}

package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// entryKinds are the kinds AppendEntry accepts.
var entryKinds = map[incident.EntryKind]bool{
	incident.EntryDecision: true, incident.EntryEvent: true, incident.EntryCorrection: true,
	incident.EntryRole: true, incident.EntryStep: true, incident.EntryMeeting: true,
	incident.EntryOpened: true, incident.EntryClosed: true, incident.EntryEvaluation: true,
	incident.EntryRedaction: true, // only through Redact
	incident.EntryReport:    true, // only through SendReport
}

const entryColumns = `incident_id, seq, kind, author, text, corrects, source, created_at, prev_hash, hash,
	chain_version, salt, digest, redacted_at, redacted_by, redaction_reason`

// AppendEntry appends an entry to an open incident's log and enqueues an
// entry.logged outbox item (the echo in the channel) in the same
// transaction. Storage assigns Seq (previous + 1), CreatedAt (Now),
// PrevHash and Hash. An empty Kind means EntryDecision, or EntryCorrection
// when Corrects is set. Text is stored exactly as given.
//
// Returns an error wrapping incident.ErrNotFound (no such incident),
// incident.ErrIncidentClosed, incident.ErrInvalid (empty text, unknown
// kind, or Corrects naming no entry of this incident), or
// incident.ErrConflict (an entry already logs n.SourceMessage: the UNIQUE
// index on source_message, so this holds across processes).
//
// Appends made at the same time share one transaction and one fsync
// (group commit, see appendReq); each still returns only once its entry
// is committed, and one failing does not fail the others.
func (db *DB) AppendEntry(ctx context.Context, n incident.NewEntry) (incident.Entry, error) {
	if n.Kind == incident.EntryRedaction {
		return incident.Entry{}, fmt.Errorf("a redaction is logged by redacting the entry: %w", incident.ErrInvalid)
	}
	if n.Kind == incident.EntryReport {
		return incident.Entry{}, fmt.Errorf("a situation report is logged by sending it: %w", incident.ErrInvalid)
	}
	e, err := db.appendGrouped(ctx, n)
	if err != nil {
		return incident.Entry{}, err
	}
	return e, nil
}

// appendEcho appends an entry and enqueues its echo; the caller has
// checked that the incident is open.
func (db *DB) appendEcho(ctx context.Context, tx *sql.Tx, n incident.NewEntry) (incident.Entry, error) {
	e, err := db.appendEntry(ctx, tx, n)
	if err != nil {
		return incident.Entry{}, err
	}
	payload, _ := json.Marshal(incident.EntryPayload{IncidentID: e.IncidentID, Seq: e.Seq})
	if _, err := db.enqueue(ctx, tx, incident.OutboxItem{
		Kind: incident.OutboxEntryLogged, Key: incidentKey(e.IncidentID), IncidentID: e.IncidentID, Payload: payload,
	}); err != nil {
		return incident.Entry{}, err
	}
	return e, nil
}

// appendEntry validates n and inserts it as the next entry of the chain.
// It must run inside the writer's IMMEDIATE transaction: that lock is what
// makes max(seq)+1 and the previous hash safe against concurrent appends.
func (db *DB) appendEntry(ctx context.Context, tx *sql.Tx, n incident.NewEntry) (incident.Entry, error) {
	if strings.TrimSpace(n.Text) == "" {
		return incident.Entry{}, fmt.Errorf("incident %d: the text cannot be empty: %w", n.IncidentID, incident.ErrInvalid)
	}
	if n.Kind == "" {
		n.Kind = incident.EntryDecision
		if n.Corrects != 0 {
			n.Kind = incident.EntryCorrection
		}
	}
	if !entryKinds[n.Kind] {
		return incident.Entry{}, fmt.Errorf("unknown entry kind %q: %w", n.Kind, incident.ErrInvalid)
	}
	salt, err := db.newSalt()
	if err != nil {
		return incident.Entry{}, err
	}
	e := incident.Entry{
		IncidentID: n.IncidentID, Kind: n.Kind, Author: n.Author, Text: n.Text,
		Corrects: n.Corrects, Source: n.Source, CreatedAt: db.now(),
		Version: incident.ChainV2, Salt: salt, Digest: incident.TextDigest(salt, n.Text),
	}
	prev := incident.GenesisHash
	var last int
	err = tx.QueryRowContext(ctx, `SELECT seq, hash FROM log_entries WHERE incident_id = ? ORDER BY seq DESC LIMIT 1`,
		n.IncidentID).Scan(&last, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return incident.Entry{}, fmt.Errorf("read previous entry: %w", err)
	}
	if n.Corrects != 0 {
		var found int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM log_entries WHERE incident_id = ? AND seq = ?`,
			n.IncidentID, n.Corrects).Scan(&found); err != nil {
			return incident.Entry{}, fmt.Errorf("read corrected entry: %w", err)
		}
		if found == 0 {
			return incident.Entry{}, fmt.Errorf("incident %d has no entry #%d to correct: %w", n.IncidentID, n.Corrects, incident.ErrInvalid)
		}
	}
	e.Seq = last + 1
	e.PrevHash = prev
	if len(db.logKey) > 0 {
		e.Version = incident.ChainV3
	}
	e.Hash = e.ComputeHashKeyed(prev, db.logKey)
	if _, err := tx.ExecContext(ctx, `INSERT INTO log_entries (incident_id, seq, kind, author, text, corrects, source,
		created_at, prev_hash, hash, chain_version, salt, digest, source_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.IncidentID, e.Seq, string(e.Kind), e.Author, e.Text, e.Corrects, e.Source, sqlite.FormatTime(e.CreatedAt), e.PrevHash, e.Hash,
		e.Version, e.Salt, e.Digest, sourceMessage(n.SourceMessage)); err != nil {
		return incident.Entry{}, fmt.Errorf("store entry: %w", sqlite.MapErr(err))
	}
	db.heads.touch(tx, e.IncidentID)
	return e, nil
}

// Entries returns an incident's log in seq order. Returns an error
// wrapping incident.ErrNotFound if there is no such incident.
func (db *DB) Entries(ctx context.Context, incidentID int64) ([]incident.Entry, error) {
	if _, err := getIncident(ctx, db.read, incidentID); err != nil {
		return nil, err
	}
	return queryEntries(ctx, db.read, `WHERE incident_id = ? ORDER BY seq`, incidentID)
}

// Entry returns one log entry. Returns an error wrapping
// incident.ErrNotFound if the incident or the entry does not exist.
func (db *DB) Entry(ctx context.Context, incidentID int64, seq int) (incident.Entry, error) {
	list, err := queryEntries(ctx, db.read, `WHERE incident_id = ? AND seq = ?`, incidentID, seq)
	if err != nil {
		return incident.Entry{}, err
	}
	if len(list) == 0 {
		return incident.Entry{}, fmt.Errorf("incident %d, entry #%d: %w", incidentID, seq, incident.ErrNotFound)
	}
	return list[0], nil
}

// VerifyLog checks an incident's hash chain over the rows as stored
// (rowid order, not seq order, so swapped rows are detected). It returns
// nil, the *incident.ChainError naming the first bad entry (entries
// secured with a log key do not verify without it, see SetLogKey), or an
// error wrapping incident.ErrNotFound if there is no such incident.
func (db *DB) VerifyLog(ctx context.Context, incidentID int64) error {
	if _, err := getIncident(ctx, db.read, incidentID); err != nil {
		return err
	}
	entries, err := queryEntries(ctx, db.read, `WHERE incident_id = ? ORDER BY id`, incidentID)
	if err != nil {
		return err
	}
	return incident.VerifyChainKeyed(entries, db.logKey)
}

// newSalt returns 16 random bytes (from db.Rand) as hex.
func (db *DB) newSalt() (string, error) {
	src := db.Rand
	if src == nil {
		src = rand.Reader
	}
	b := make([]byte, 16)
	if _, err := io.ReadFull(src, b); err != nil {
		return "", fmt.Errorf("make entry salt: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// SetLogKey makes new entries ChainV3: chained with HMAC-SHA256 under
// key, so that without the key nobody can rewrite a log so that it
// verifies. VerifyLog needs the same key for such entries, and refuses a
// weaker entry after a keyed one: a key once used must be kept. A log
// rewritten without the key from its first entry on is caught by the
// anchor file (AnchorTo). Set it before using the DB.
func (db *DB) SetLogKey(key []byte) {
	db.logKey = append([]byte(nil), key...)
}

// queryEntries runs SELECT entryColumns FROM log_entries <tail>.
func queryEntries(ctx context.Context, q querier, tail string, args ...any) ([]incident.Entry, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+entryColumns+` FROM log_entries `+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	defer rows.Close()
	var out []incident.Entry
	for rows.Next() {
		var e incident.Entry
		var kind, created string
		var salt, redacted sql.NullString
		if err := rows.Scan(&e.IncidentID, &e.Seq, &kind, &e.Author, &e.Text, &e.Corrects, &e.Source,
			&created, &e.PrevHash, &e.Hash, &e.Version, &salt, &e.Digest, &redacted, &e.RedactedBy, &e.RedactionReason); err != nil {
			return nil, fmt.Errorf("read entry: %w", err)
		}
		e.Kind, e.Salt = incident.EntryKind(kind), salt.String
		if e.CreatedAt, err = sqlite.ParseTime(sql.NullString{String: created, Valid: true}); err != nil {
			return nil, err
		}
		if e.RedactedAt, err = sqlite.ParseTime(redacted); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	return out, nil
}

package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage/sqlite"
)

// Evaluation is incident.Evaluation: one answer given after an incident
// or exercise was closed. The alias keeps storage.Evaluation working for
// callers written against the first API.
type Evaluation = incident.Evaluation

// AddEvaluation stores an evaluation answer for a closed incident and
// returns it with CreatedAt set to Now. Returns an error wrapping
// incident.ErrNotFound if there is no such incident, or incident.ErrInvalid
// if the incident is still open or the answer is empty.
func (db *DB) AddEvaluation(ctx context.Context, e Evaluation) (Evaluation, error) {
	if strings.TrimSpace(e.Answer) == "" {
		return Evaluation{}, fmt.Errorf("incident %d: the answer cannot be empty: %w", e.IncidentID, incident.ErrInvalid)
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		inc, err := getIncident(ctx, tx, e.IncidentID)
		if err != nil {
			return err
		}
		if inc.Open() {
			return fmt.Errorf("incident %d is not closed and cannot be evaluated yet: %w", e.IncidentID, incident.ErrInvalid)
		}
		e.CreatedAt = db.now()
		_, err = tx.ExecContext(ctx, `INSERT INTO evaluations (incident_id, question, answer, author, created_at, proposed_plan_change)
			VALUES (?, ?, ?, ?, ?, ?)`, e.IncidentID, e.Question, e.Answer, e.Author, sqlite.FormatTime(e.CreatedAt), e.ProposedPlanChange)
		if err != nil {
			return fmt.Errorf("store evaluation: %w", sqlite.MapErr(err))
		}
		return nil
	})
	if err != nil {
		return Evaluation{}, err
	}
	return e, nil
}

// Evaluations returns the evaluation answers of an incident in the order
// they were given. Only database errors are returned.
func (db *DB) Evaluations(ctx context.Context, incidentID int64) ([]Evaluation, error) {
	return queryEvaluations(ctx, db.read, `WHERE incident_id = ? ORDER BY id`, incidentID)
}

// ProposedPlanChanges returns every evaluation answer marked as a proposed
// plan change, across incidents, oldest first. Only database errors are
// returned.
func (db *DB) ProposedPlanChanges(ctx context.Context) ([]Evaluation, error) {
	return queryEvaluations(ctx, db.read, `WHERE proposed_plan_change <> 0 ORDER BY created_at, id`)
}

func queryEvaluations(ctx context.Context, q querier, tail string, args ...any) ([]Evaluation, error) {
	rows, err := q.QueryContext(ctx, `SELECT incident_id, question, answer, author, created_at, proposed_plan_change
		FROM evaluations `+tail, args...)
	if err != nil {
		return nil, fmt.Errorf("read evaluations: %w", err)
	}
	defer rows.Close()
	var out []Evaluation
	for rows.Next() {
		var e Evaluation
		var at sql.NullString
		if err := rows.Scan(&e.IncidentID, &e.Question, &e.Answer, &e.Author, &at, &e.ProposedPlanChange); err != nil {
			return nil, fmt.Errorf("read evaluation: %w", err)
		}
		if e.CreatedAt, err = sqlite.ParseTime(at); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read evaluations: %w", err)
	}
	return out, nil
}

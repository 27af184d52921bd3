-- Follow-ups (oppfølgingspunkt, sv. åtgärdspunkt) from evaluations: an
-- owner, a deadline and a status until closed by hand or by a plan
-- revision that records them. Reminders about them use reminder_claims
-- with item_id 'followup:<id>'.
CREATE TABLE followups (
    id            INTEGER PRIMARY KEY,
    incident_id   INTEGER NOT NULL DEFAULT 0,
    evaluation_id INTEGER NOT NULL DEFAULT 0,
    text          TEXT    NOT NULL,
    owner         TEXT    NOT NULL DEFAULT '',
    due           TEXT    NOT NULL,
    plan_change   INTEGER NOT NULL DEFAULT 0,
    status        TEXT    NOT NULL DEFAULT 'open',
    note          TEXT    NOT NULL DEFAULT '',
    created_by    TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    closed_at     TEXT,
    closed_by     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX followups_status ON followups (status, due);
CREATE INDEX followups_incident ON followups (incident_id);

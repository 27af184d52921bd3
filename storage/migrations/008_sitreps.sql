-- Situation reports (issue 14): one row per report sent, numbered per
-- incident. The text itself is the report's log entry (kind 'rapport'),
-- so the hash chain covers it; this table numbers the reports and points
-- at their entries.
CREATE TABLE situation_reports (
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    number      INTEGER NOT NULL,
    entry_seq   INTEGER NOT NULL,
    sent_by     TEXT NOT NULL DEFAULT '',
    sent_at     TEXT NOT NULL,
    PRIMARY KEY (incident_id, number)
);

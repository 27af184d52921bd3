-- Who may do what (issue 11). Refused attempts, for the administrators:
-- who, which action, which incident, when; no free text.
CREATE TABLE refusals (
    id          INTEGER PRIMARY KEY,
    user_id     TEXT NOT NULL,
    action      TEXT NOT NULL,
    incident_id INTEGER REFERENCES incidents(id),
    at          TEXT NOT NULL
);
CREATE INDEX refusals_at ON refusals(at);

-- Alarms raised with /beredskap varsle, and the incident opened from one.
CREATE TABLE alarms (
    id          INTEGER PRIMARY KEY,
    raised_by   TEXT NOT NULL,
    text        TEXT NOT NULL,
    at          TEXT NOT NULL,
    incident_id INTEGER REFERENCES incidents(id)
);

-- A close confirmation waiting for its button: the summary stays here,
-- so the button's value is only a reference. Deleted when used.
CREATE TABLE close_drafts (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    summary     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

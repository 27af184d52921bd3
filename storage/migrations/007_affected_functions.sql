-- Plan B in the crisis (issue 13): the critical functions an incident put
-- out of service, with their tolerance clocks. Each change is also an
-- entry in the incident's hash-chained log, so the record covers it.
CREATE TABLE affected_functions (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    function_id TEXT NOT NULL,
    since       TEXT NOT NULL,
    restored_at TEXT,
    by          TEXT NOT NULL DEFAULT '',
    restored_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX affected_functions_incident ON affected_functions (incident_id);
-- One open outage per function and incident.
CREATE UNIQUE INDEX affected_functions_open ON affected_functions (incident_id, function_id) WHERE restored_at IS NULL;

-- The tolerance warnings given: one per outbox item, so a warning is
-- logged once even when its post is retried.
CREATE TABLE function_warnings (
    outbox_id   INTEGER PRIMARY KEY,
    affected_id INTEGER NOT NULL REFERENCES affected_functions(id),
    kind        TEXT NOT NULL,
    warned_at   TEXT NOT NULL
);

-- The printed binder: the plan's content hash and when it was printed,
-- so the årshjul can ask for a reprint when the plan has changed since.
CREATE TABLE binder_prints (
    id         INTEGER PRIMARY KEY,
    plan_hash  TEXT NOT NULL,
    printed_at TEXT NOT NULL,
    by         TEXT NOT NULL DEFAULT ''
);

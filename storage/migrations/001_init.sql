-- Initial schema. Times are UTC RFC 3339 text with a fixed nine-digit
-- fraction (sortable as text); NULL means "not set".

CREATE TABLE incidents (
    id           INTEGER PRIMARY KEY,
    title        TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    private      INTEGER NOT NULL DEFAULT 0,
    card_id      TEXT    NOT NULL DEFAULT '',
    list_id      TEXT    NOT NULL DEFAULT '',
    channel_id   TEXT    NOT NULL DEFAULT '',
    channel_name TEXT    NOT NULL DEFAULT '',
    opened_by    TEXT    NOT NULL,
    opened_at    TEXT    NOT NULL,
    closed_by    TEXT    NOT NULL DEFAULT '',
    closed_at    TEXT,
    summary      TEXT    NOT NULL DEFAULT '',
    next_meeting TEXT
);
CREATE INDEX incidents_channel ON incidents (channel_id);
CREATE INDEX incidents_open ON incidents (closed_at, kind, opened_at);

-- The decision log. Append-only: no code updates or deletes a row, and the
-- triggers below refuse it. The hash chain catches edits made after the
-- triggers are dropped. Rows are verified in rowid (id) order.
CREATE TABLE log_entries (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    seq         INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    author      TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    corrects    INTEGER NOT NULL DEFAULT 0,
    source      TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    UNIQUE (incident_id, seq)
);
CREATE TRIGGER log_entries_no_update BEFORE UPDATE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'loggen er kun for tillegg: linjer kan ikke endres');
END;
CREATE TRIGGER log_entries_no_delete BEFORE DELETE ON log_entries
BEGIN
    SELECT RAISE(ABORT, 'loggen er kun for tillegg: linjer kan ikke slettes');
END;

CREATE TABLE assignments (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    role_id     TEXT    NOT NULL,
    user_id     TEXT    NOT NULL,
    assigned_by TEXT    NOT NULL,
    assigned_at TEXT    NOT NULL,
    ended_at    TEXT
);
CREATE INDEX assignments_incident ON assignments (incident_id, role_id);

CREATE TABLE steps_done (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    card_id     TEXT    NOT NULL,
    step        INTEGER NOT NULL,
    done_by     TEXT    NOT NULL,
    done_at     TEXT    NOT NULL,
    entry_seq   INTEGER NOT NULL,
    PRIMARY KEY (incident_id, card_id, step)
);

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    at          TEXT    NOT NULL,
    set_by      TEXT    NOT NULL,
    set_at      TEXT    NOT NULL
);
CREATE INDEX meetings_incident ON meetings (incident_id);

CREATE TABLE evaluations (
    id                   INTEGER PRIMARY KEY,
    incident_id          INTEGER NOT NULL REFERENCES incidents (id),
    question             TEXT    NOT NULL,
    answer               TEXT    NOT NULL,
    author               TEXT    NOT NULL,
    created_at           TEXT    NOT NULL,
    proposed_plan_change INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX evaluations_incident ON evaluations (incident_id);

-- Deliveries for the transport, written in the same transaction as the
-- change they report. Items with the same non-empty key go out in id order.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL,
    key          TEXT    NOT NULL DEFAULT '',
    incident_id  INTEGER NOT NULL DEFAULT 0,
    payload      TEXT    NOT NULL DEFAULT '',
    state        TEXT    NOT NULL DEFAULT '',
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    not_before   TEXT    NOT NULL,
    delivered_at TEXT
);
CREATE INDEX outbox_pending ON outbox (not_before) WHERE delivered_at IS NULL;
CREATE INDEX outbox_pending_key ON outbox (key, id) WHERE delivered_at IS NULL;

-- Exactly-once ledger for reminders: one row per item, stage and due date.
CREATE TABLE reminder_claims (
    id         INTEGER PRIMARY KEY,
    item_id    TEXT    NOT NULL,
    stage      TEXT    NOT NULL,
    due        TEXT    NOT NULL,
    outbox_id  INTEGER NOT NULL,
    claimed_at TEXT    NOT NULL,
    UNIQUE (item_id, stage, due)
);

CREATE TABLE completions (
    id          INTEGER PRIMARY KEY,
    item_id     TEXT    NOT NULL,
    done        TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    done_by     TEXT    NOT NULL DEFAULT '',
    recorded_at TEXT    NOT NULL
);
CREATE INDEX completions_item ON completions (item_id, done);

CREATE TABLE postponements (
    id         INTEGER PRIMARY KEY,
    item_id    TEXT    NOT NULL,
    due        TEXT    NOT NULL,
    until      TEXT    NOT NULL,
    set_by     TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL
);
CREATE INDEX postponements_item ON postponements (item_id);

-- Cache of Slack user lookups by e-mail (personal data: kept minimal).
CREATE TABLE slack_users (
    email     TEXT PRIMARY KEY,
    user_id   TEXT NOT NULL,
    cached_at TEXT NOT NULL
);

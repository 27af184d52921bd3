-- The log heads last posted to the anchor channel (BEREDSKAP_ANCHOR_CHANNEL),
-- one row per incident, so only logs changed since are posted again.
CREATE TABLE anchor_posts (
    incident_id INTEGER PRIMARY KEY,
    seq         INTEGER NOT NULL,
    hash        TEXT    NOT NULL,
    posted_at   TEXT    NOT NULL,
    outbox_id   INTEGER NOT NULL
);

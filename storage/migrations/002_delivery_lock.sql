-- One process at a time delivers the outbox: the serving bot holds this
-- lock and refreshes its heartbeat; a one-off `reminders run` respects it.
CREATE TABLE delivery_lock (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    owner     TEXT NOT NULL,
    heartbeat TEXT NOT NULL
);

-- The chat message a log entry logs ("<channel>/<ts>": the message
-- shortcut, a 📌 reaction), so that a message is logged once however many
-- requests race for it, in one process or several sharing the file: the
-- second insert fails on the UNIQUE index. NULL for entries that log no
-- message, and for every entry written before this migration (SQLite's
-- UNIQUE allows any number of NULLs).
ALTER TABLE log_entries ADD COLUMN source_message TEXT;
CREATE UNIQUE INDEX log_entries_source_message ON log_entries (source_message);

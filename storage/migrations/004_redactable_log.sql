-- Redactable log (issue 15). New entries (chain_version 2) are chained
-- over digest = SHA-256(salt || text) instead of the text, so a text can
-- be replaced by a redaction marker (and its salt dropped, so the old text
-- cannot be guessed from the digest) while the chain still verifies.
-- Entries logged before this migration keep chain_version 1 (hash over the
-- text) and cannot be redacted.
ALTER TABLE log_entries ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE log_entries ADD COLUMN salt TEXT;
ALTER TABLE log_entries ADD COLUMN digest TEXT NOT NULL DEFAULT '';
ALTER TABLE log_entries ADD COLUMN redacted_at TEXT;
ALTER TABLE log_entries ADD COLUMN redacted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE log_entries ADD COLUMN redaction_reason TEXT NOT NULL DEFAULT '';

-- Still append-only, with one exception: the redaction of a chain_version
-- 2 or 3 (2 with an HMAC) entry, once. It replaces the text by a marker, drops the salt and sets
-- the redaction columns; every other column stays as it was.
DROP TRIGGER IF EXISTS log_entries_no_update;
CREATE TRIGGER log_entries_no_update BEFORE UPDATE ON log_entries
WHEN NOT (
    OLD.chain_version >= 2 AND OLD.redacted_at IS NULL
    AND NEW.redacted_at IS NOT NULL AND NEW.salt IS NULL
    AND NEW.redacted_by <> '' AND NEW.redaction_reason <> ''
    AND NEW.text LIKE '[sladdet %'
    AND NEW.id IS OLD.id AND NEW.incident_id IS OLD.incident_id AND NEW.seq IS OLD.seq
    AND NEW.kind IS OLD.kind AND NEW.author IS OLD.author AND NEW.corrects IS OLD.corrects
    AND NEW.source IS OLD.source AND NEW.created_at IS OLD.created_at
    AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash
    AND NEW.chain_version IS OLD.chain_version AND NEW.digest IS OLD.digest
    AND NEW.source_message IS OLD.source_message
)
BEGIN
    SELECT RAISE(ABORT, 'loggen er kun for tillegg: linjer kan ikke endres (bare sladdes)');
END;

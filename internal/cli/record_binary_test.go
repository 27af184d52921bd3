package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/testkit"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// The tests in this file run the built binary on the record: redact,
// verify against the anchor file, backup, privacy.

// secret is a text that must not survive a redaction anywhere.
const secret = "Ola Hemmelig-Navnesen ringte fra 99887766"

// consoleIncident runs the console in dir to open an incident, log the
// secret and a second decision, and (if closeIt) close it.
func consoleIncident(t *testing.T, bin, dir string, closeIt bool) {
	t.Helper()
	script := "/beredskap start Strømbrudd i sentrum\n/beredskap logg " + secret + "\n/beredskap logg Varmestue åpnes kl. 16\n"
	if closeIt {
		script += "/beredskap avslutt bekreft Strømmen er tilbake\n"
	}
	if out, errOut, code := runBinary(t, bin, dir, script, nil, "console"); code != 0 {
		t.Fatalf("console: exit %d\n%s\n%s", code, out, errOut)
	}
}

// entrySeq returns the seq of the entry of incident 1 whose text is text.
func entrySeq(t *testing.T, dbPath, text string) int {
	t.Helper()
	db, err := storage.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	entries, err := db.Entries(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Text == text {
			return e.Seq
		}
	}
	t.Fatalf("no entry %q in %v", text, entries)
	return 0
}

// filesContain reports which of the database's files hold s.
func filesContain(t *testing.T, dbPath, s string) []string {
	t.Helper()
	var hits []string
	for _, f := range []string{dbPath, dbPath + "-wal", dbPath + "-shm"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if bytes.Contains(b, []byte(s)) || bytes.Contains(b, []byte("99887766")) {
			hits = append(hits, f)
		}
	}
	return hits
}

func TestRedactVerifyAndExportOnBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	bin := testkit.Binary(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "beredskap.db")
	consoleIncident(t, bin, dir, false)
	seq := entrySeq(t, dbPath, secret)

	out, errOut, code := runBinary(t, bin, dir, "", nil, "redact", "--incident", "1", "--entry", fmt.Sprint(seq), "--reason", "personopplysninger om innringer", "--by", "Kari Nordmann")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("Logglinje #%d i hendelse 1 er sladdet av Kari Nordmann", seq)) {
		t.Fatalf("redact: exit %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = runBinary(t, bin, dir, "", nil, "verify")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("#%d sladdet ", seq)) || !strings.Contains(out, "av Kari Nordmann: personopplysninger om innringer") {
		t.Fatalf("verify after redaction: exit %d\n%s\n%s", code, out, errOut)
	}
	if hits := filesContain(t, dbPath, secret); len(hits) > 0 {
		t.Fatalf("the redacted text is still in %v", hits)
	}
	for _, format := range []string{"md", "html", "csv", "json"} {
		out, errOut, code := runBinary(t, bin, dir, "", nil, "export", "--incident", "1", "--format", format)
		if code != 0 {
			t.Fatalf("export %s: exit %d: %s", format, code, errOut)
		}
		if strings.Contains(out, "Hemmelig") || strings.Contains(out, "99887766") {
			t.Errorf("export %s holds the redacted text", format)
		}
		if !strings.Contains(out, "sladdet") || !strings.Contains(out, "personopplysninger om innringer") {
			t.Errorf("export %s lacks the marker and the reason:\n%s", format, out)
		}
		wants := map[string][]string{
			"md":   {fmt.Sprintf("Sladding · Kari Nordmann · sladder #%d", seq), "_sladdet "},
			"html": {fmt.Sprintf("sladder #%d", seq), "av Kari Nordmann: personopplysninger om innringer</span>"},
			"csv":  {"Sladding"},
			"json": {`"chain_version": 2`, `"digest": "`, `"salt": "`, `"redacted": {`, `"reason": "personopplysninger om innringer"`},
		}
		for _, want := range wants[format] {
			if !strings.Contains(out, want) {
				t.Errorf("export %s lacks %q:\n%s", format, want, out)
			}
		}
		if strings.Contains(out, fmt.Sprintf("retter #%d", seq)) || strings.Contains(out, fmt.Sprintf("rettet i #%d", seq+2)) {
			t.Errorf("export %s shows the redaction as a correction:\n%s", format, out)
		}
	}
	// Redacting it again is refused; an entry that does not exist too.
	if _, errOut, code := runBinary(t, bin, dir, "", nil, "redact", "--incident", "1", "--entry", fmt.Sprint(seq), "--reason", "igjen"); code != 1 || !strings.Contains(errOut, "allerede sladdet") {
		t.Errorf("second redaction: exit %d: %s", code, errOut)
	}
	if _, errOut, code := runBinary(t, bin, dir, "", nil, "redact", "--incident", "1", "--entry", "99", "--reason", "x"); code != 1 || !strings.Contains(errOut, "ingen logglinje #99") {
		t.Errorf("missing entry: exit %d: %s", code, errOut)
	}

	// Editing another entry afterwards is still caught.
	raw := openRaw(t, dbPath)
	dropLogTriggers(t, raw)
	mustExec(t, raw, `UPDATE log_entries SET text = 'Varmestue åpnes kl. 18' WHERE incident_id = 1 AND text = 'Varmestue åpnes kl. 16'`)
	raw.Close()
	out, _, code = runBinary(t, bin, dir, "", nil, "verify")
	if code != 1 || !strings.Contains(out, fmt.Sprintf("logglinje #%d", seq+1)) {
		t.Fatalf("edit after redaction: exit %d\n%s", code, out)
	}
}

// Cutting the last entry off an open log, or rewriting a whole chain so
// that it is consistent, passes the chain check; the anchor file catches
// both.
func TestVerifyAnchorOnBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the built binary")
	}
	bin := testkit.Binary(t)
	tests := []struct {
		name   string
		tamper func(t *testing.T, raw *sql.DB)
		want   string
	}{
		{"last entry cut off", func(t *testing.T, raw *sql.DB) {
			mustExec(t, raw, `DELETE FROM log_entries WHERE incident_id = 1 AND seq = (SELECT MAX(seq) FROM log_entries WHERE incident_id = 1)`)
		}, "mangler: loggen slutter på"},
		{"whole chain rewritten", rewriteChain, "kjeden er skrevet om"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			dbPath := filepath.Join(dir, "beredskap.db")
			consoleIncident(t, bin, dir, false)
			raw := openRaw(t, dbPath)
			dropLogTriggers(t, raw)
			tt.tamper(t, raw)
			raw.Close()

			// Without the anchor file the chain alone looks intact.
			noAnchor := []string{"BEREDSKAP_ANCHOR_FILE=" + filepath.Join(dir, "ingen.anchors")}
			if out, errOut, code := runBinary(t, bin, dir, "", noAnchor, "verify"); code != 0 || !strings.Contains(out, "ankerfila") {
				t.Fatalf("without anchors: exit %d\n%s\n%s", code, out, errOut)
			}
			out, errOut, code := runBinary(t, bin, dir, "", nil, "verify")
			if code != 1 || !strings.Contains(out, tt.want) || !strings.Contains(errOut, "1 av 1 logger er ikke intakte") {
				t.Fatalf("with the anchor file: exit %d\n%s\n%s\nwant %q", code, out, errOut, tt.want)
			}
		})
	}
}

// rewriteChain changes the text of the secret's entry and recomputes the
// digest and hash of every entry from there on, as an insider who knows
// the hash rule would.
func rewriteChain(t *testing.T, raw *sql.DB) {
	t.Helper()
	rows, err := raw.Query(`SELECT seq, kind, author, text, corrects, source, created_at, prev_hash, hash, chain_version, COALESCE(salt, '')
		FROM log_entries WHERE incident_id = 1 ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		e       incident.Entry
		created string
	}
	var all []row
	for rows.Next() {
		var r row
		var kind string
		if err := rows.Scan(&r.e.Seq, &kind, &r.e.Author, &r.e.Text, &r.e.Corrects, &r.e.Source, &r.created, &r.e.PrevHash, &r.e.Hash, &r.e.Version, &r.e.Salt); err != nil {
			t.Fatal(err)
		}
		r.e.IncidentID, r.e.Kind = 1, incident.EntryKind(kind)
		all = append(all, r)
	}
	rows.Close()
	prev := incident.GenesisHash
	changed := false
	for _, r := range all {
		e := r.e
		if err := parseStored(r.created, &e); err != nil {
			t.Fatal(err)
		}
		if e.Text == secret {
			e.Text, changed = "Ingen ringte", true
		}
		e.Digest = incident.TextDigest(e.Salt, e.Text)
		e.PrevHash = prev
		e.Hash = e.ComputeHash(prev)
		if e.Hash == "" {
			t.Fatalf("entry #%d: chain version %d needs a key", e.Seq, e.Version)
		}
		mustExec(t, raw, `UPDATE log_entries SET text = ?, digest = ?, prev_hash = ?, hash = ? WHERE incident_id = 1 AND seq = ?`, e.Text, e.Digest, e.PrevHash, e.Hash, e.Seq)
		prev = e.Hash
	}
	if !changed {
		t.Fatal("the secret's entry was not found")
	}
}

// parseStored reads a stored time into e.CreatedAt.
func parseStored(s string, e *incident.Entry) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	e.CreatedAt = t
	return err
}

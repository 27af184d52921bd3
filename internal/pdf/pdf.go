// Package pdf turns a self-contained HTML page into a PDF with headless
// Chromium, the one PDF engine the bot uses: the incident report, the
// plan binder and situation reports print through it.
package pdf

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
)

// Programs are the names Chromium is looked up under, in order.
var Programs = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// DefaultTimeout bounds a conversion whose context has no deadline.
const DefaultTimeout = 90 * time.Second

// ErrUnavailable is returned when no Chromium is installed. Its user
// message names the missing program and how to install it.
var ErrUnavailable error = &apperr.Error{Code: apperr.NotFound,
	Msg: "PDF lages med nettleseren Chromium, som ikke er installert på denne maskinen. Installer den (f.eks. `apt-get install chromium`) eller velg et annet format."}

// Program returns the path of the Chromium to use, or "" when none is
// installed.
func Program() string {
	for _, name := range Programs {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	return ""
}

// Available reports whether a Chromium is installed, so FromHTML can work.
func Available() bool { return Program() != "" }

// FromHTML prints an HTML page to PDF (A4 as the page's print styles say,
// no browser header or footer) and returns the PDF. The page must be
// self-contained: Chromium runs offline in a throwaway profile. Returns
// ErrUnavailable without Chromium, and an apperr.Internal error when
// Chromium fails or produces no PDF (its output is in the error, for the
// log).
func FromHTML(ctx context.Context, html []byte) ([]byte, error) {
	bin := Program()
	if bin == "" {
		return nil, ErrUnavailable
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	dir, err := os.MkdirTemp("", "beredskapsbot-pdf-")
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "")
	}
	defer os.RemoveAll(dir)
	page, out := filepath.Join(dir, "side.html"), filepath.Join(dir, "side.pdf")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "")
	}
	profile := filepath.Join(dir, "profil")
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
		"--user-data-dir=" + profile, "--no-pdf-header-footer", "--print-to-pdf=" + out, "file://" + page}
	cmd := exec.CommandContext(ctx, bin, args...)
	// Chromium writes caches under HOME; keep them in the throwaway dir.
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, apperr.Wrap(fmt.Errorf("%s: %w: %s", bin, err, tail(stderr.Bytes())), apperr.Internal, "")
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		return nil, apperr.Wrap(fmt.Errorf("%s made no PDF (%v): %s", bin, err, tail(stderr.Bytes())), apperr.Internal, "")
	}
	return b, nil
}

// tail is the end of Chromium's error output, enough to see why it failed.
func tail(b []byte) string {
	const n = 2000
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(bytes.TrimSpace(b))
}

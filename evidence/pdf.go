package evidence

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// ErrNoChromium is returned by PDF when no headless Chromium is installed.
var ErrNoChromium = errors.New("PDF krever Chromium (apt-get install chromium); bruk --format html og skriv ut til PDF fra nettleseren")

// ChromiumNames are the programs PDF looks for, in order.
var ChromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// PDF prints a self-contained HTML page to PDF with headless Chromium
// (offline, in a throwaway profile). Returns ErrNoChromium when none is
// installed, or Chromium's failure.
//
// TODO(pdf): move to the shared internal/pdf package (Chromium
// print-to-PDF, another branch) once it is on main, and use it here.
func PDF(ctx context.Context, html []byte) ([]byte, error) {
	bin := ""
	for _, name := range ChromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		return nil, ErrNoChromium
	}
	dir, err := os.MkdirTemp("", "beredskap-evidence-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "evidence.html"), filepath.Join(dir, "evidence.pdf")
	if err := os.WriteFile(in, html, 0o600); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer", "--print-to-pdf="+out, "file://"+in)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("chromium: %w: %s", err, lastLine(msg))
	}
	return os.ReadFile(out)
}

func lastLine(b []byte) string {
	s := string(b)
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '\n' {
			return s[i+1:]
		}
	}
	return s
}

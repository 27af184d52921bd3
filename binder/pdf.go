package binder

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ErrNoChromium is returned (wrapped) by PDF when no Chromium is installed.
var ErrNoChromium = errors.New("fant ikke Chromium, som trengs for å lage PDF; installer chromium (f.eks. «apt-get install chromium»), eller lag HTML og skriv den ut fra nettleseren")

// ErrPDF is returned (wrapped, with Chromium's own message) when Chromium
// is installed but did not produce a PDF.
var ErrPDF = errors.New("Chromium kunne ikke lage PDF")

// chromiumNames are the names headless Chromium is installed under.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// pdfTimeout bounds one rendering when ctx has no earlier deadline.
const pdfTimeout = 2 * time.Minute

// Chromium returns the path of an installed Chromium, or an error wrapping
// ErrNoChromium.
func Chromium() (string, error) {
	for _, name := range chromiumNames {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", ErrNoChromium
}

// PDF prints the HTML document doc to PDF with headless Chromium, offline,
// in a throwaway profile, without Chromium's own header and footer (the
// document has its own). It returns an error wrapping ErrNoChromium when
// Chromium is not installed and one wrapping ErrPDF when it fails.
func PDF(ctx context.Context, doc []byte) ([]byte, error) {
	bin, err := Chromium()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "beredskapsperm-")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPDF, err)
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "perm.html")
	out := filepath.Join(dir, "perm.pdf")
	if err := os.WriteFile(src, doc, 0o600); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPDF, err)
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir="+filepath.Join(dir, "profil"),
		"--no-pdf-header-footer", "--print-to-pdf="+out, "file://"+src)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%w: %v: %s", ErrPDF, err, lastLine(stderr.String()))
	}
	pdf, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return nil, fmt.Errorf("%w: ingen PDF-fil: %s", ErrPDF, lastLine(stderr.String()))
	}
	return pdf, nil
}

// lastLine is the last non-empty line of Chromium's output, which names
// the problem; the rest is noise.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

package report_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/report"
)

// chromium returns the path of a headless-capable Chromium. Without one
// the test is skipped on a developer machine, but fails under CI, where
// .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" && os.Getenv("CI") != "false" {
		t.Fatal("chromium is not installed (CI installs it: apt-get install chromium)")
	}
	t.Skip("chromium is not installed; apt-get install chromium to run this test")
	return ""
}

// runChromium runs headless Chromium with flags that keep it offline and
// quiet, in its own throwaway profile, and returns its standard output.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.Bytes()
}

// The HTML report renders in a real browser, and what the browser shows
// has the title, the log and the final hash; it also prints to PDF.
func TestHTMLRendersInChromium(t *testing.T) {
	bin := chromium(t)
	f := newFixture(t)
	id := f.powerCut()
	r := f.build(id, report.Options{})
	page := filepath.Join(t.TempDir(), "rapport.html")
	if err := os.WriteFile(page, r.HTML(), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + page

	t.Run("dom", func(t *testing.T) {
		dom := string(runChromium(t, bin, "--dump-dom", url))
		mustContain(t, dom,
			"<title>Hendelsesrapport: Strømbrudd i sentrum</title>",
			"<h1>Hendelsesrapport: Strømbrudd i sentrum</h1>",
			"Varmestue åpnes på Eksempel skole kl. 16, ikke 17",
			"&lt;b&gt;ikke&lt;/b&gt;", // user text stayed text
			r.Chain.FinalHash,
		)
		if strings.Contains(dom, "<b>ikke</b>") {
			t.Error("user text became markup in the browser")
		}
	})

	t.Run("pdf", func(t *testing.T) {
		pdf := filepath.Join(t.TempDir(), "rapport.pdf")
		runChromium(t, bin, "--no-pdf-header-footer", "--print-to-pdf="+pdf, url)
		b, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) || len(b) < 10_000 {
			t.Fatalf("not a PDF report (%d bytes): %.20q", len(b), b)
		}
		if !bytes.Contains(b, []byte("/Type /Page")) && !bytes.Contains(b, []byte("/Type/Page")) {
			t.Error("the PDF has no pages")
		}
	})
}

package pdf_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
)

// needChromium skips without Chromium on a developer machine and fails
// under CI, which installs it.
func needChromium(t *testing.T) {
	t.Helper()
	if pdf.Available() {
		return
	}
	if ci := os.Getenv("CI"); ci != "" && ci != "false" {
		t.Fatal("chromium is not installed (CI installs it: apt-get install chromium)")
	}
	t.Skip("chromium is not installed; apt-get install chromium to run this test")
}

func TestFromHTML(t *testing.T) {
	needChromium(t)
	b, err := pdf.FromHTML(context.Background(), []byte(`<!DOCTYPE html><html lang="nb"><meta charset="utf-8"><title>Prøve</title><h1>Blåbærsyltetøy</h1><p>Side én.</p></html>`))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", b)
	}
	if !bytes.Contains(b, []byte("/Type /Page")) && !bytes.Contains(b, []byte("/Type/Page")) {
		t.Error("the PDF has no pages")
	}
}

// Without Chromium the error names the program, in bokmål, for the user.
func TestFromHTMLWithoutChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if pdf.Available() {
		t.Fatal("Chromium found on an empty PATH")
	}
	_, err := pdf.FromHTML(context.Background(), []byte("<p>x</p>"))
	if !errors.Is(err, pdf.ErrUnavailable) || apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("err = %v", err)
	}
	if msg := apperr.UserMessage(err); !bytes.Contains([]byte(msg), []byte("Chromium, som ikke er installert")) {
		t.Errorf("user message %q does not name the missing program", msg)
	}
}

package bot

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A failed POST to a response_url never puts the URL into the error (and
// so into the log).
func TestResponseURLNotInErrors(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close() // connection refused from now on
	a := &App{httpc: &http.Client{}}
	secret := base + "/commands/T0/123/SECRETHOOKTOKEN"
	err := a.postResponse(context.Background(), secret, reply{Text: "hei"})
	if err == nil || strings.Contains(err.Error(), "SECRETHOOKTOKEN") {
		t.Errorf("error = %v; want one without the response_url", err)
	}
	if _, ok := transient(err); !ok {
		t.Errorf("a refused connection is no longer seen as transient: %v", err)
	}
	err = a.postResponse(context.Background(), "http://[::1%zz/SECRETHOOKTOKEN", reply{Text: "hei"})
	if err == nil || strings.Contains(err.Error(), "SECRETHOOKTOKEN") {
		t.Errorf("invalid URL error = %v", err)
	}
}

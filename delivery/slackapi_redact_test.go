package delivery

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// A failed upload (or any call that fails on the network) never carries
// its URL into the error, and so into the log: an upload URL is a
// credential.
func TestCallErrorsHoldNoURL(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close() // connection refused from now on
	api := &slackAPI{c: slack.New("xoxb-test", slack.OptionAPIURL(base+"/api/")), lim: newLimiter(), limits: DefaultLimits(), timeout: 5 * time.Second, maxWait: time.Second}
	secret := base + "/api/upload/v1/SECRETUPLOADTOKEN"
	err := api.do(context.Background(), "files.upload", "files.upload", func(ctx context.Context) error {
		return api.c.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: secret, Reader: strings.NewReader("x"), Filename: "r.md"})
	})
	if err == nil || strings.Contains(err.Error(), "SECRETUPLOADTOKEN") || strings.Contains(err.Error(), "xoxb-test") {
		t.Errorf("error = %v; want one without the upload URL or the token", err)
	}
}

package cli

import (
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/bot"
)

// manifestCmd prints the Slack app manifest to create the app from.
func manifestCmd(c *call, args []string) int {
	stdout, stderr := c.stdout, c.stderr
	fs := c.flags("manifest")
	httpURL := fs.String("http", "", "HTTP-modus: `URL`-en Slack sender til, f.eks. https://bot.example.org/slack/events (standard: Socket Mode)")
	if code := c.parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "manifest: ukjent argument %q\n", fs.Arg(0))
		return 2
	}
	mode := bot.ModeSocket
	if *httpURL != "" {
		mode = bot.ModeHTTP
	}
	m, err := bot.Manifest(mode, *httpURL)
	if err != nil {
		fmt.Fprintf(stderr, "kunne ikke lage manifestet: %v\n", err)
		return 2
	}
	_, _ = stdout.Write(m)
	return 0
}

package cli

import (
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/bot"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// manifestCmd prints the Slack app manifest to create the app from, its
// descriptions in the language of the plan BEREDSKAP_PLAN names.
func manifestCmd(c *call, args []string) int {
	stdout, stderr := c.stdout, c.stderr
	fs := c.flags("manifest")
	httpURL := fs.String("http", "", "HTTP-modus: `URL`-en Slack sender til, f.eks. https://bot.example.org/slack/events (standard: Socket Mode)")
	if code := c.parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, c.t("cli.manifest.unknown_arg", i18n.Args{"Arg": fmt.Sprintf("%q", fs.Arg(0))}))
		return 2
	}
	mode := bot.ModeSocket
	if *httpURL != "" {
		mode = bot.ModeHTTP
	}
	m, err := bot.ManifestIn(c.lang(), mode, *httpURL)
	if err != nil {
		fmt.Fprintln(stderr, c.t("cli.manifest.failed", i18n.Args{"Err": err}))
		return 2
	}
	_, _ = stdout.Write(m)
	return 0
}

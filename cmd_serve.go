package main

import (
	"context"
	"fmt"
	"io"

	"github.com/beredskapsbot/beredskapsbot/internal/config"
)

func init() {
	register(subcommand{run: serveCmd, usage: "serve                            kjør Slack-boten (Socket Mode eller HTTP)"}, "serve")
}

// serveCmd runs the Slack bot.
func serveCmd(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if err := cfg.ValidateSlack(); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	fmt.Fprintln(stderr, "Slack-transporten er ikke tatt i bruk i denne versjonen; bruk `beredskapsbot console`.")
	return 1
}

package main

import (
	"context"
	"fmt"
	"io"

	"github.com/beredskapsbot/beredskapsbot/internal/config"
)

// serveCmd runs the Slack bot.
func serveCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) int {
	if err := cfg.ValidateSlack(); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	fmt.Fprintln(stderr, "Slack-transporten er ikke tatt i bruk i denne versjonen; bruk `beredskapsbot console`.")
	return 1
}

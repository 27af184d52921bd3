// Package bot is Beredskapsbot's Slack transport: it verifies and decodes
// what Slack sends (slash commands, interactivity, events) over HTTP or
// Socket Mode, runs the command handlers, renders their responses as
// Block Kit, and delivers everything that must be posted through a
// persistent outbox that survives Slack outages and restarts.
package bot

// Package bot is Beredskapsbot's inbound Slack transport: it verifies and
// decodes what Slack sends — slash commands, interactivity (buttons,
// modals, message shortcuts) and Events API events — over signed HTTP or
// Socket Mode, runs the command handlers, and answers Slack within its
// deadlines: in the acknowledgement, on response_url (retried while Slack
// is unavailable), or with a modal. It also serves /healthz and writes
// the Slack app manifest.
//
// What must be posted to channels is not sent from here: the handlers
// write it to the outbox, and App only notifies the deliverer (package
// delivery). Responses are rendered with package blockkit.
package bot

// Package delivery is Beredskapsbot's outbox deliverer: it delivers what
// the handlers, the reminders and storage wrote to the persistent outbox
// to Slack — it creates incident channels and invites the notification
// list, posts and pins the varslingsliste, echoes log entries, posts
// meeting reminders, reminders and messages, and finishes closed
// incidents' channels with the checklists and the report.
//
// Delivery survives Slack outages and restarts: items with the same key
// are delivered in order, failures are retried with backoff (or after
// Retry-After), multi-step items record their progress after every
// Slack call, and every post carries metadata naming its item and step,
// so an interrupted delivery resumes without posting anything twice.
// Client-side rate limits keep the calls within Slack's tiers.
//
// What it posts is worded in package ui and rendered with package
// blockkit; it does not depend on the inbound transport (package bot) or
// the command handlers.
package delivery

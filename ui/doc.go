// Package ui is what the user reads, independent of the transport: the
// response model the handlers return (text, blocks, buttons, modals,
// posts), the shared formatting of times, mentions, channel names and
// user-written text, and the rendering of the plan's cards. The Slack
// transport turns a Response into Block Kit, the console into plain text.
//
// Every package that shows something to a user builds it from here, so
// wording and formatting are defined once.
package ui

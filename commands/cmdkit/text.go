package cmdkit

import (
	"context"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// FirstWord splits s into its first word and the trimmed rest.
func FirstWord(s string) (string, string) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' })
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i+1:])
}

// QuoteAll puts each string in backticks.
func QuoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "`" + s + "`"
	}
	return out
}

// JoinOr joins "a", "b" and "c" as "a, b eller c" (bokmål; see JoinOrIn).
func JoinOr(ss []string) string {
	switch len(ss) {
	case 0:
		return ""
	case 1:
		return ss[0]
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " eller " + ss[len(ss)-1]
}

// JoinOrIn joins "a", "b" and "c" as "a, b eller c" with the word for
// "or" in lang ("or" in English).
func JoinOrIn(lang i18n.Lang, ss []string) string {
	switch len(ss) {
	case 0:
		return ""
	case 1:
		return ss[0]
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " " + i18n.For(lang).T("cmdkit.or") + " " + ss[len(ss)-1]
}

// ClipText shortens s to at most n characters, with an ellipsis.
func ClipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// StatusMark marks a due date's status: 🟢 ok, 🟡 soon, 🔴 overdue.
var StatusMark = map[plan.DueStatus]string{plan.StatusOK: "🟢", plan.StatusSoon: "🟡", plan.StatusOverdue: "🔴"}

// Answered makes a ui.ActionFunc of a button handler that translates its
// errors itself (with ErrorResponse, as the commands do).
func Answered(fn func(ctx context.Context, req ui.Request, value string) ui.Response) ui.ActionFunc {
	return func(ctx context.Context, req ui.Request, value string) (ui.Response, error) {
		return fn(ctx, req, value), nil
	}
}

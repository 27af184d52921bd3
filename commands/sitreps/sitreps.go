// Package sitreps holds the situation-report commands: /beredskap
// rapport drafts the next report from the incident's log (a form in
// Slack, text in the console) and sends it to the incident channel and
// the plan's reporting channel; StatusLines tells /beredskap status when
// the next one is due.
package sitreps

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/sitrep"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Store is what situation reports need from storage besides
// cmdkit.Store. storage.DB implements it.
type Store interface {
	SendReport(ctx context.Context, n incident.NewReport) (incident.Report, error)
	Reports(ctx context.Context, incidentID int64) ([]incident.Report, error)
}

// ViewForm is the callback ID of the situation report form.
const ViewForm = "sitrep"

// Slack's limits on a modal, and ours on a report.
const (
	maxModalTitle     = 24
	maxModalInputs    = 100 // blocks in a view
	maxInitialValue   = 3000
	maxPlaceholder    = 150
	maxInputLabel     = 2000
	maxReportTextLen  = 40000
	sitRepInputPrefix = "s"
)

// Routes routes the situation report form (ViewForm) to e.
func Routes(e *cmdkit.Env) ui.Routes {
	return ui.Routes{Views: map[string]ui.ViewFunc{
		ViewForm: func(ctx context.Context, req ui.Request, metadata string, values map[string]string) (ui.Response, error) {
			return sitRepSubmitted(ctx, e, req, metadata, values), nil
		},
	}}
}

// Run is /beredskap rapport: the draft of the next situation report
// (a form to edit in Slack, the text in the console), or with "send
// [tekst]" the report sent: the draft, or the text in its place.
func Run(ctx context.Context, e *cmdkit.Env, req ui.Request, args string) ui.Response {
	inc, resp := e.IncidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	if r := sitRepRefusal(ctx, e, req, inc); r != nil {
		return *r
	}
	word, rest := cmdkit.FirstWord(args)
	switch {
	case word == "":
		return sitRepDraft(ctx, e, req, inc)
	case cmdkit.Keyword(word, "kw.send"):
		d, err := makeDraft(ctx, e, req, inc)
		if err != nil {
			return e.ErrorResponse(req, err)
		}
		if strings.TrimSpace(rest) != "" {
			d = d.WithBody(rest)
		}
		return sendSitRep(ctx, e, req, inc, d, d.Number)
	}
	return ui.Text(i18n.For(e.Plan().Lang).T("sitrep.cmd.fallback"))
}

// sitRepRefusal answers when the user may not write reports for inc, or
// inc is closed; nil when they may. Writing a report is checked as
// logging (access.Log): by default the members of the incident channel.
func sitRepRefusal(ctx context.Context, e *cmdkit.Env, req ui.Request, inc incident.Incident) *ui.Response {
	p := e.Plan()
	l := i18n.For(p.Lang)
	if !inc.Open() {
		r := ui.Text(l.T("sitrep.cmd.closed", i18n.Args{"Title": ui.Escape(inc.Title)}))
		return &r
	}
	if err := e.AllowOn(ctx, req, access.Log, inc, "", ""); err != nil {
		r := e.ErrorResponse(req, err)
		return &r
	}
	return nil
}

// makeDraft drafts the next report of inc from its log.
func makeDraft(ctx context.Context, e *cmdkit.Env, req ui.Request, inc incident.Incident) (sitrep.Draft, error) {
	st, err := cmdkit.StoreAs[Store](e)
	if err != nil {
		return sitrep.Draft{}, err
	}
	entries, err := e.Store.Entries(ctx, inc.ID)
	if err != nil {
		return sitrep.Draft{}, err
	}
	reports, err := st.Reports(ctx, inc.ID)
	if err != nil {
		return sitrep.Draft{}, err
	}
	p := e.Plan()
	f := sitrep.Facts{Incident: inc, Entries: entries, Reports: reports, Author: req.UserID, Now: e.Now(),
		AffectedFunctions: affectedFunctions(ctx, e, inc)}
	return sitrep.Make(p, f, e.Loc, ui.NameResolver(p)), nil
}

// affectedFunctions is the hook for issue 13: the critical functions the
// incident records as affected, for the consequences heading of the
// report. Incidents do not record them yet, so it returns nil.
func affectedFunctions(ctx context.Context, e *cmdkit.Env, inc incident.Incident) []string {
	return nil
}

// sitRepDraft answers with the draft: the text (what the console shows)
// and the form to edit and send it (what Slack opens).
func sitRepDraft(ctx context.Context, e *cmdkit.Env, req ui.Request, inc incident.Incident) ui.Response {
	d, err := makeDraft(ctx, e, req, inc)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	p := e.Plan()
	l := i18n.For(p.Lang)
	short := l.T("sitrep.short", i18n.Args{"Name": sitrep.Name(p), "Number": d.Number})
	var b ui.Builder
	b.Header(d.Title)
	b.Section(ui.SafeText(strings.Join(d.Header, "\n")))
	for i, s := range d.Sections {
		text := strings.TrimSpace(s.Text)
		if text == "" {
			text = "_" + ui.Escape(s.Hint) + "_"
		} else {
			text = ui.SafeText(sitrep.Clip(p, text, maxInitialValue))
		}
		b.Section("*" + strconv.Itoa(i+1) + ". " + ui.Escape(s.Title) + "*\n" + text)
	}
	b.Context(l.T("sitrep.cmd.draft_context", i18n.Args{"Short": short}))

	m := &ui.Modal{CallbackID: ViewForm, Title: cmdkit.ClipText(short, maxModalTitle), Submit: l.T("sitrep.cmd.submit"),
		Metadata: strconv.FormatInt(inc.ID, 10) + ":" + strconv.Itoa(d.Number), Fallback: l.T("sitrep.cmd.fallback")}
	for i, s := range d.Sections {
		if i == maxModalInputs {
			break
		}
		m.Inputs = append(m.Inputs, ui.Input{ID: sitRepInputPrefix + strconv.Itoa(i+1), Label: cmdkit.ClipText(s.Title, maxInputLabel),
			Placeholder: cmdkit.ClipText(s.Hint, maxPlaceholder), Initial: sitrep.Clip(p, s.Text, maxInitialValue), Multiline: true, Optional: true})
	}
	return ui.Response{Text: d.Title, Blocks: b.Blocks, Modal: m}
}

// sitRepSubmitted sends the report from the form: the sections as the
// writer left them.
func sitRepSubmitted(ctx context.Context, e *cmdkit.Env, req ui.Request, metadata string, values map[string]string) ui.Response {
	inc, resp := e.IncidentByValue(ctx, req, metadata)
	if resp != nil {
		return *resp
	}
	if r := sitRepRefusal(ctx, e, req, inc); r != nil {
		return *r
	}
	_, numText, _ := strings.Cut(metadata, ":")
	number, _ := strconv.Atoi(numText)
	d, err := makeDraft(ctx, e, req, inc)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	texts := make([]string, len(d.Sections))
	empty := true
	for i := range d.Sections {
		texts[i] = values[sitRepInputPrefix+strconv.Itoa(i+1)]
		if strings.TrimSpace(texts[i]) != "" {
			empty = false
		}
	}
	if empty {
		return ui.Text(i18n.For(e.Plan().Lang).T("sitrep.cmd.empty_form"))
	}
	return sendSitRep(ctx, e, req, inc, d.WithTexts(texts), number)
}

// sendSitRep stores report d as number and queues its posts to the
// incident channel and the plan's reporting channel.
func sendSitRep(ctx context.Context, e *cmdkit.Env, req ui.Request, inc incident.Incident, d sitrep.Draft, number int) ui.Response {
	p := e.Plan()
	l := i18n.For(p.Lang)
	short := l.T("sitrep.short", i18n.Args{"Name": sitrep.Name(p), "Number": number})
	text := d.Text()
	if n := utf8.RuneCountInString(text); n > maxReportTextLen {
		return ui.Text(l.T("sitrep.cmd.too_long", i18n.Args{"Count": n, "Max": maxReportTextLen}))
	}
	channel := p.SitRepTemplate().Channel
	var posts []incident.OutboxItem
	for _, ch := range []string{inc.ChannelID, channel} {
		if ch == "" {
			continue
		}
		payload, err := json.Marshal(ui.Post{Channel: ch, Response: sitrep.Response(text)})
		if err != nil {
			return e.ErrorResponse(req, err)
		}
		posts = append(posts, incident.OutboxItem{Kind: incident.OutboxMessage, Payload: payload})
	}
	st, err := cmdkit.StoreAs[Store](e)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	r, err := st.SendReport(ctx, incident.NewReport{IncidentID: inc.ID, Number: number, Author: req.UserID, Text: text, Posts: posts})
	switch {
	case errors.Is(err, incident.ErrConflict):
		return ui.Text(l.T("sitrep.cmd.conflict", i18n.Args{"Short": short}))
	case errors.Is(err, incident.ErrIncidentClosed):
		return ui.Text(l.T("sitrep.cmd.closed", i18n.Args{"Title": ui.Escape(inc.Title)}))
	case err != nil:
		return e.ErrorResponse(req, err)
	}
	e.Log.WithFields(map[string]any{"incident": inc.ID, "report": r.Number, "seq": r.EntrySeq}).Info("situation report sent")
	return ui.Text(l.T("sitrep.cmd.sent", i18n.Args{"Short": short, "Seq": r.EntrySeq, "Channel": channel, "Number": r.Number, "Incident": inc.ID}))
}

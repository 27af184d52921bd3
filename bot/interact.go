package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/blockkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// CallbackLogDecision is the callback ID of the message shortcut
// "Loggfør som beslutning".
const CallbackLogDecision = "loggfor_beslutning"

// reply is one message as Slack takes it in a command acknowledgement or
// on a response_url.
type reply struct {
	ResponseType    string        `json:"response_type"` // "ephemeral" or "in_channel"
	Text            string        `json:"text"`
	Blocks          []slack.Block `json:"blocks,omitempty"`
	ReplaceOriginal bool          `json:"replace_original,omitempty"`
	// raw is the JSON of the fields above when it is already encoded
	// (an acknowledgement from the memo); nil otherwise.
	raw []byte
}

// replyTarget is where the answer to one request goes.
type replyTarget struct {
	responseURL string
	triggerID   string // for views.open
	channelID   string
	userID      string
}

func ephemeral(text string) *reply {
	return &reply{ResponseType: "ephemeral", Text: text}
}

// replies renders a response as one or more messages (blockkit.Render splits
// what does not fit Slack's limits).
func replies(r ui.Response) []reply {
	rt := "ephemeral"
	if r.Visibility == ui.InChannel {
		rt = "in_channel"
	}
	var out []reply
	for i, blocks := range blockkit.Render(r) {
		text := r.Text
		if i > 0 {
			text += " (forts.)"
		}
		out = append(out, reply{ResponseType: rt, Text: text, Blocks: blocks})
	}
	return out
}

// send delivers a whole response after the acknowledgement: the modal it
// asks for, then its messages (the first replacing the message a button
// sat on when it asks for that).
func (a *App) send(ctx context.Context, to replyTarget, r ui.Response) {
	if r.Modal != nil {
		if to.triggerID != "" {
			a.openModal(ctx, to, r.Modal)
		} else {
			// No trigger (a modal asked for by a submitted modal's
			// late answer): tell the user the command instead.
			r.Blocks = append(r.Blocks, ui.Block{Kind: ui.BlockSection, Text: r.Modal.Fallback})
		}
		if len(r.Blocks) == 0 {
			return
		}
	}
	msgs := replies(r)
	if len(msgs) > 0 && r.ReplaceOriginal {
		msgs[0].ReplaceOriginal = true
	}
	a.postAll(ctx, to, msgs)
}

// postAll posts messages in order to the response_url, or, without one,
// to the user in the channel (ephemerally unless in_channel) or by direct
// message.
func (a *App) postAll(ctx context.Context, to replyTarget, msgs []reply) {
	for _, m := range msgs {
		err := retryTransient(ctx, a.sleep, func() error {
			if to.responseURL != "" {
				return a.postResponse(ctx, to.responseURL, m)
			}
			return a.postToUser(ctx, to, m)
		})
		if err != nil {
			a.log.WithFields(logrus.Fields{"user": to.userID, "channel": to.channelID}).WithError(err).Warn("could not deliver an answer")
			return
		}
	}
}

// postResponse POSTs one message to a response_url.
// Its errors never carry the URL: a response_url is a credential for
// answering the user, and errors end up in the log.
func (a *App) postResponse(ctx context.Context, url string, m reply) error {
	body, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return errors.New("response_url: not a valid URL")
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.httpc.Do(req)
	if err != nil {
		return fmt.Errorf("response_url: %w", redactURL(err))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		err := &httpStatusError{status: resp.StatusCode}
		if secs, perr := strconv.Atoi(resp.Header.Get("Retry-After")); perr == nil && secs > 0 {
			err.retryAfter = time.Duration(secs) * time.Second
		}
		return err
	}
	return nil
}

// redactURL returns err with the URL of a *url.Error replaced, keeping
// its cause (so timeouts and network errors are still seen as such).
func redactURL(err error) error {
	var ue *neturl.Error
	if errors.As(err, &ue) {
		return &neturl.Error{Op: ue.Op, URL: "(response_url)", Err: ue.Err}
	}
	return err
}

// postToUser posts a message without a response_url.
func (a *App) postToUser(ctx context.Context, to replyTarget, m reply) error {
	opts := []slack.MsgOption{slack.MsgOptionText(m.Text, false)}
	if len(m.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(m.Blocks...))
	}
	var err error
	switch {
	case to.channelID != "" && m.ResponseType == "in_channel":
		_, _, err = a.api.PostMessageContext(ctx, to.channelID, opts...)
	case to.channelID != "":
		_, err = a.api.PostEphemeralContext(ctx, to.channelID, to.userID, opts...)
	default:
		_, _, err = a.api.PostMessageContext(ctx, to.userID, opts...)
	}
	return err
}

// interaction handles an interactivity payload and returns what to
// acknowledge it with (nil for an empty acknowledgement).
func (a *App) interaction(cb slack.InteractionCallback) any {
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		a.background(func(ctx context.Context) { a.blockActions(ctx, cb) })
	case slack.InteractionTypeViewSubmission:
		return a.viewSubmission(cb)
	case slack.InteractionTypeMessageAction:
		a.background(func(ctx context.Context) { a.messageShortcut(ctx, cb) })
	default:
		a.log.WithField("type", cb.Type).Debug("interaction ignored")
	}
	return nil
}

// blockActions routes button presses to Handler.Act.
func (a *App) blockActions(ctx context.Context, cb slack.InteractionCallback) {
	ch := cb.Channel.ID
	if ch == "" {
		ch = cb.Container.ChannelID
	}
	req := ui.Request{UserID: cb.User.ID, ChannelID: ch}
	to := replyTarget{responseURL: cb.ResponseURL, triggerID: cb.TriggerID, channelID: ch, userID: cb.User.ID}
	for _, act := range cb.ActionCallback.BlockActions {
		r := a.safely(ctx, func(ctx context.Context) ui.Response {
			return a.h.Act(ctx, req, blockkit.ActionID(act.ActionID), act.Value)
		})
		a.notify()
		a.send(ctx, to, r)
	}
}

// viewSubmission hands a submitted modal to Handler.Submit and returns the
// view response: "update" with the modal the handler asks for, else
// "clear" (the answer then goes to the user where the modal was opened).
func (a *App) viewSubmission(cb slack.InteractionCallback) any {
	ch := originChannel(cb.View.ExternalID)
	req := ui.Request{UserID: cb.User.ID, ChannelID: ch}
	to := replyTarget{channelID: ch, userID: cb.User.ID}
	values := viewValues(cb.View.State)
	r, ok := a.within(func(ctx context.Context) ui.Response {
		return a.h.Submit(ctx, req, cb.View.CallbackID, cb.View.PrivateMetadata, values)
	}, func(ctx context.Context, r ui.Response) { a.send(ctx, to, r) })
	if !ok {
		return slack.NewClearViewSubmissionResponse()
	}
	if r.Modal != nil {
		v := modalView(r.Modal, ch)
		return slack.NewUpdateViewSubmissionResponse(&v)
	}
	if len(r.Blocks) > 0 || r.Text != "" {
		a.background(func(ctx context.Context) { a.send(ctx, to, r) })
	}
	return slack.NewClearViewSubmissionResponse()
}

// messageShortcut logs the message the shortcut "Loggfør som beslutning"
// was used on as a decision of the channel's incident, once
// (Handler.LogMessage), and tells the user the outcome.
func (a *App) messageShortcut(ctx context.Context, cb slack.InteractionCallback) {
	to := replyTarget{responseURL: cb.ResponseURL, channelID: cb.Channel.ID, userID: cb.User.ID}
	if cb.CallbackID != CallbackLogDecision {
		a.postAll(ctx, to, []reply{*ephemeral("Ukjent snarvei. Prøv igjen, eller bruk `/beredskap logg <tekst>`.")})
		return
	}
	msg := ui.MessageRef{Channel: cb.Channel.ID, TS: cb.Message.Timestamp}
	if msg.TS == "" {
		msg.TS = cb.MessageTs
	}
	if link, err := a.api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: msg.Channel, Ts: msg.TS}); err == nil {
		msg.Permalink = link
	}
	req := ui.Request{UserID: cb.User.ID, ChannelID: cb.Channel.ID}
	r, err := a.h.LogMessage(ctx, req, msg, incident.EntryDecision, cb.Message.Text)
	if err == nil {
		a.notify()
	}
	a.send(ctx, to, r)
}

// apology translates an error the transport met outside a handler, at
// the edge: an error with a known code (apperr) gets its user message; an
// internal or unknown one is logged in full with a reference, and the
// user gets a short apology quoting it.
func (a *App) apology(err error, what string) string {
	if apperr.IsPublic(err) {
		return apperr.UserMessage(err)
	}
	ref := apperr.NewRef()
	a.log.WithFields(logrus.Fields{"ref": ref, "what": what, "code": apperr.CodeOf(err)}).WithError(err).Error("request failed")
	return a.h.Tr().T("cmdkit.apology", i18n.Args{"Ref": ref})
}

// Modal limits Slack enforces.
const (
	maxModalTitle  = 24
	maxModalButton = 24
)

// openModal opens a handler's form with views.open.
func (a *App) openModal(ctx context.Context, to replyTarget, m *ui.Modal) {
	v := modalView(m, to.channelID)
	if _, err := a.api.OpenViewContext(ctx, to.triggerID, v); err != nil {
		a.log.WithField("callback_id", m.CallbackID).WithError(err).Warn("views.open failed")
		a.postAll(ctx, to, []reply{*ephemeral("Kunne ikke åpne skjemaet. " + m.Fallback)})
	}
}

// modalView renders a transport-neutral form as a Slack modal: one input
// block per input (block ID and action ID are the input's ID), the
// handler's metadata as private_metadata, and the channel it was opened
// from in external_id (unique per view), so the answer to the submission
// can go there.
func modalView(m *ui.Modal, channelID string) slack.ModalViewRequest {
	submit := m.Submit
	if submit == "" {
		submit = "Lagre"
	}
	v := slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           slack.NewTextBlockObject(slack.PlainTextType, clip(m.Title, maxModalTitle), false, false),
		Submit:          slack.NewTextBlockObject(slack.PlainTextType, clip(submit, maxModalButton), false, false),
		Close:           slack.NewTextBlockObject(slack.PlainTextType, "Avbryt", false, false),
		CallbackID:      m.CallbackID,
		PrivateMetadata: m.Metadata,
		ExternalID:      channelID + "/" + newRef() + newRef(),
	}
	var blocks []slack.Block
	for _, in := range m.Inputs {
		var el slack.BlockElement
		if in.Date {
			d := slack.NewDatePickerBlockElement(in.ID)
			d.InitialDate = in.Initial
			if in.Placeholder != "" {
				d.Placeholder = slack.NewTextBlockObject(slack.PlainTextType, in.Placeholder, false, false)
			}
			el = d
		} else {
			var ph *slack.TextBlockObject
			if in.Placeholder != "" {
				ph = slack.NewTextBlockObject(slack.PlainTextType, in.Placeholder, false, false)
			}
			t := slack.NewPlainTextInputBlockElement(ph, in.ID)
			t.Multiline = in.Multiline
			t.InitialValue = in.Initial
			el = t
		}
		b := slack.NewInputBlock(in.ID, slack.NewTextBlockObject(slack.PlainTextType, in.Label, false, false), nil, el)
		b.Optional = in.Optional
		blocks = append(blocks, b)
	}
	v.Blocks = slack.Blocks{BlockSet: blocks}
	return v
}

// originChannel returns the channel a modal was opened from, kept in its
// external_id by modalView ("" if unknown).
func originChannel(externalID string) string {
	ch, _, ok := strings.Cut(externalID, "/")
	if !ok {
		return ""
	}
	return ch
}

// viewValues flattens a submitted modal's state to input ID → value: the
// text of a text input, the date (YYYY-MM-DD) of a date picker, the value
// of a selected option.
func viewValues(st *slack.ViewState) map[string]string {
	out := map[string]string{}
	if st == nil {
		return out
	}
	for blockID, actions := range st.Values {
		for _, act := range actions {
			switch {
			case act.Type == "datepicker":
				out[blockID] = act.SelectedDate
			case act.SelectedOption.Value != "":
				out[blockID] = act.SelectedOption.Value
			default:
				out[blockID] = act.Value
			}
		}
	}
	return out
}

// clip shortens s to at most n characters, ending in "…" when cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

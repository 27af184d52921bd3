package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// deliverClosed finishes an incident's channel, one recorded step at a
// time: the topic "AVSLUTTET – <title>", the normalisation checklist, the
// evaluation questions, and the report files (when Report is set),
// uploaded and shared in the channel.
func (d *Deliverer) deliverClosed(ctx context.Context, r *run) error {
	var pl incidentPayload
	if err := r.payload(&pl); err != nil {
		return err
	}
	inc, p, err := d.channelIncident(ctx, pl.IncidentID)
	if err != nil {
		return err
	}
	ch := inc.ChannelID
	if _, err := r.step(ctx, "topic", func(bool) (string, error) {
		return "", d.api.setTopic(ctx, ch, truncate("AVSLUTTET – "+inc.Title, maxTopic))
	}); err != nil {
		return err
	}
	if len(p.Meetings.Normalisation) > 0 {
		if _, err := r.postResponse(ctx, "normalisation", ch, normalisationResponse(p, inc, d.cfg.Loc)); err != nil {
			return err
		}
	}
	if len(p.Meetings.Evaluation) > 0 {
		if _, err := r.postResponse(ctx, "evaluation", ch, evaluationResponse(p, inc.ID)); err != nil {
			return err
		}
	}
	if _, done := r.st.Done["report"]; d.cfg.Report == nil || done {
		return nil
	}
	if err := d.uploadReport(ctx, r, inc.ID, ch); err != nil {
		return err
	}
	r.st.Done["report"] = "ok"
	return r.save(ctx)
}

func normalisationResponse(p *plan.Plan, inc incident.Incident, loc *time.Location) ui.Response {
	const title = "Sjekkliste for normalisering"
	var lines []string
	for _, it := range p.Meetings.Normalisation {
		lines = append(lines, "☐ "+it)
	}
	closed := fmt.Sprintf("Avsluttet %s av %s.", ui.Stamp(inc.ClosedAt, loc), ui.Mention(p, inc.ClosedBy))
	if inc.Summary != "" {
		closed += " Oppsummering: " + ui.SafeText(inc.Summary)
	}
	return ui.Response{Text: title, Blocks: []ui.Block{
		{Kind: ui.BlockSection, Text: closed},
		{Kind: ui.BlockHeader, Text: title},
		{Kind: ui.BlockSection, Text: strings.Join(lines, "\n")},
	}}
}

func evaluationResponse(p *plan.Plan, incidentID int64) ui.Response {
	const title = "Evaluering"
	var lines []string
	for i, q := range p.Meetings.Evaluation {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, q))
	}
	return ui.Response{Text: title, Blocks: []ui.Block{
		{Kind: ui.BlockHeader, Text: title},
		{Kind: ui.BlockSection, Text: strings.Join(lines, "\n")},
		{Kind: ui.BlockActions, Buttons: []ui.Button{{ActionID: commands.ActionOpenEvaluation, Text: "Svar på evalueringen", Value: strconv.FormatInt(incidentID, 10), Style: "primary"}}},
		{Kind: ui.BlockContext, Text: "Eller svar med `/beredskap evaluer &lt;tekst&gt;` i denne kanalen. Forslag til endringer i planen tas med i neste revisjon."},
	}}
}

// uploadReport uploads each report file (step "file.<i>.upload", which
// records the file ID) and shares it in the channel ("file.<i>.share").
// A resumed share first looks for the file in the channel.
func (d *Deliverer) uploadReport(ctx context.Context, r *run, incidentID int64, ch string) error {
	files, err := d.cfg.Report(ctx, incidentID)
	if err != nil {
		return fmt.Errorf("lag rapport for hendelse %d: %w", incidentID, err)
	}
	for i, f := range files {
		if len(f.Content) == 0 || f.Name == "" {
			d.log.WithField("incident_id", incidentID).WithField("file", f.Name).Warn("tom rapportfil lastes ikke opp")
			continue
		}
		n := strconv.Itoa(i)
		fileID, err := r.step(ctx, "file."+n+".upload", func(bool) (string, error) {
			return d.api.uploadFile(ctx, f.Name, f.Content)
		})
		if err != nil {
			return err
		}
		title := f.Title
		if title == "" {
			title = f.Name
		}
		if _, err := r.step(ctx, "file."+n+".share", func(resuming bool) (string, error) {
			if resuming {
				ts, ok, err := d.findShared(ctx, ch, fileID)
				if err != nil || ok {
					return ts, err
				}
			}
			return "", d.api.completeUpload(ctx, ch, fileID, title)
		}); err != nil {
			return err
		}
	}
	return nil
}

// findShared looks for the message that shared a file in a channel.
func (d *Deliverer) findShared(ctx context.Context, ch, fileID string) (string, bool, error) {
	return d.api.findMessage(ctx, ch, func(m slack.Message) bool {
		return slices.ContainsFunc(m.Files, func(f slack.File) bool { return f.ID == fileID })
	})
}

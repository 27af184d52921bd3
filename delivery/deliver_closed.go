package delivery

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// deliverClosed finishes an incident's channel, one recorded step at a
// time: the topic "AVSLUTTET – <title>", the normalisation checklist, the
// evaluation questions, and the report files (when Report is set),
// uploaded and shared in the channel.
func (d *Deliverer) deliverClosed(ctx context.Context, r *run) error {
	var pl incident.IncidentPayload
	if err := r.payload(&pl); err != nil {
		return err
	}
	inc, p, err := d.channelIncident(ctx, pl.IncidentID)
	if err != nil {
		return err
	}
	ch := inc.ChannelID
	if _, err := r.step(ctx, "topic", func(bool) (string, error) {
		return "", d.api.setTopic(ctx, ch, ui.ClosedTopicIn(p.Lang, inc))
	}); err != nil {
		return err
	}
	if len(p.Meetings.Normalisation) > 0 {
		if _, err := r.postResponse(ctx, "normalisation", ch, ui.NormalisationChecklist(p, inc, d.loc(p))); err != nil {
			return err
		}
	}
	if len(p.Meetings.Evaluation) > 0 {
		if _, err := r.postResponse(ctx, "evaluation", ch, ui.EvaluationPost(p, inc.ID)); err != nil {
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

// uploadReport uploads each report file (step "file.<i>.upload", which
// records the file ID) and shares it in the channel ("file.<i>.share").
// A resumed share first looks for the file in the channel.
func (d *Deliverer) uploadReport(ctx context.Context, r *run, incidentID int64, ch string) error {
	files, err := d.cfg.Report(ctx, incidentID)
	if err != nil {
		return fmt.Errorf("make report for incident %d: %w", incidentID, err)
	}
	for i, f := range files {
		if len(f.Content) == 0 || f.Name == "" {
			d.log.WithField("incident_id", incidentID).WithField("file", f.Name).Warn("empty report file not uploaded")
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

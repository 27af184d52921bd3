package report

import (
	"context"
	"fmt"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// NamedFile is a rendered report ready to upload: a file name, a title
// for the upload and the content.
type NamedFile struct {
	Name    string // e.g. "rapport-7-stromstans-i-sentrum.md"
	Title   string // e.g. "Hendelsesrapport: Strømstans i sentrum (Markdown)"
	Content []byte
}

// Format is an output format of the report.
type Format string

// The formats a report can be rendered in.
const (
	FormatMarkdown Format = "md"
	FormatHTML     Format = "html"
	FormatCSV      Format = "csv"
	FormatJSON     Format = "json"
)

// Formats lists every format, for help texts.
var Formats = []Format{FormatMarkdown, FormatHTML, FormatCSV, FormatJSON}

// Render returns the report in format f. Returns an error wrapping
// incident.ErrInvalid for an unknown format; its text is bokmål and can be
// shown as is.
func (r *Report) Render(f Format) ([]byte, error) {
	switch f {
	case FormatMarkdown:
		return r.Markdown(), nil
	case FormatHTML:
		return r.HTML(), nil
	case FormatCSV:
		return r.CSV(), nil
	case FormatJSON:
		return r.JSON(), nil
	}
	return nil, fmt.Errorf("ukjent format %q (velg md, html, csv eller json): %w", f, incident.ErrInvalid)
}

// File returns the report rendered in format f as a named file.
// Returns the same error as Render.
func (r *Report) File(f Format) (NamedFile, error) {
	content, err := r.Render(f)
	if err != nil {
		return NamedFile{}, err
	}
	title := r.t("report.file_title", i18n.Args{"Heading": r.Heading(), "Format": r.t("report.format." + string(f))})
	return NamedFile{Name: r.FileBase() + "." + string(f), Title: title, Content: content}, nil
}

// FileBase is the file name of the report without extension:
// "rapport-<id>-<slug of the title>".
func (r *Report) FileBase() string {
	slug := ui.Slug(r.Title)
	if len(slug) > 60 {
		slug = slug[:60]
	}
	if slug == "" {
		return fmt.Sprintf("rapport-%d", r.ID)
	}
	return fmt.Sprintf("rapport-%d-%s", r.ID, slug)
}

// Files builds the report of an incident and returns it as Markdown and
// HTML, the files uploaded to the incident channel when it is closed.
// Phone numbers are left out. loc nil means the plan's time zone. Returns
// Build's errors (incident.ErrNotFound wrapped when there is no such
// incident).
func Files(ctx context.Context, st Store, p *plan.Plan, incidentID int64, loc *time.Location) ([]NamedFile, error) {
	r, err := Build(ctx, st, p, incidentID, Options{Loc: loc})
	if err != nil {
		return nil, err
	}
	var out []NamedFile
	for _, f := range []Format{FormatMarkdown, FormatHTML} {
		nf, err := r.File(f)
		if err != nil {
			return nil, err
		}
		out = append(out, nf)
	}
	return out, nil
}

package storage

import (
	"context"
	"testing"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
)

func TestEvaluations(t *testing.T) {
	ctx := context.Background()
	db, clk := mustOpen(t)
	a := mustCreate(t, db, "Strømbrudd")
	b := mustCreate(t, db, "Vannlekkasje")
	open := mustCreate(t, db, "Pågående")
	for _, inc := range []incident.Incident{a, b} {
		if _, _, err := db.CloseIncident(ctx, inc.ID, "U1", ""); err != nil {
			t.Fatal(err)
		}
	}
	adds := []Evaluation{
		{IncidentID: b.ID, Question: "Hva fungerte?", Answer: "Varslingslisten", Author: "U1"},
		{IncidentID: a.ID, Question: "Hva bør endres?", Answer: "Aggregatet må testes", Author: "U2", ProposedPlanChange: true},
		{IncidentID: b.ID, Question: "Hva bør endres?", Answer: "Nytt nummer til vakt", Author: "U3", ProposedPlanChange: true},
	}
	for i, e := range adds {
		clk.Add(time.Minute)
		got, err := db.AddEvaluation(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		e.CreatedAt = t0.Add(time.Duration(i+1) * time.Minute).UTC()
		if got != e {
			t.Errorf("AddEvaluation = %+v, want %+v", got, e)
		}
		adds[i] = e
	}
	evals, err := db.Evaluations(ctx, b.ID)
	if err != nil || len(evals) != 2 || evals[0] != adds[0] || evals[1] != adds[2] {
		t.Errorf("Evaluations(b) = %+v, %v", evals, err)
	}
	props, err := db.ProposedPlanChanges(ctx)
	if err != nil || len(props) != 2 || props[0] != adds[1] || props[1] != adds[2] {
		t.Errorf("ProposedPlanChanges = %+v, %v", props, err)
	}

	tests := []struct {
		name   string
		e      Evaluation
		target error
		msg    string
	}{
		{"open incident", Evaluation{IncidentID: open.ID, Answer: "x"}, incident.ErrInvalid, "incident 3 is not closed"},
		{"no incident", Evaluation{IncidentID: 40, Answer: "x"}, incident.ErrNotFound, "incident 40: not found"},
		{"empty answer", Evaluation{IncidentID: a.ID, Answer: " "}, incident.ErrInvalid, "the answer cannot be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.AddEvaluation(ctx, tt.e)
			wantErr(t, err, tt.target, tt.msg)
		})
	}
	if n := count(t, db, "evaluations", ""); n != 3 {
		t.Errorf("%d evaluations stored, want 3", n)
	}
}

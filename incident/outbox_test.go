package incident

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestOutboxPayloadWireFormat pins the JSON of the outbox payloads:
// databases hold pending items written by earlier versions, and the
// deliverer must read them as they are.
func TestOutboxPayloadWireFormat(t *testing.T) {
	tests := []struct {
		v    any
		want string
		new  func() any
	}{
		{IncidentPayload{IncidentID: 7}, `{"incident_id":7}`, func() any { return new(IncidentPayload) }},
		{EntryPayload{IncidentID: 7, Seq: 3}, `{"incident_id":7,"seq":3}`, func() any { return new(EntryPayload) }},
		{MeetingPayload{IncidentID: 7, At: "2026-11-22T14:00:00Z", MinutesBefore: 10},
			`{"incident_id":7,"at":"2026-11-22T14:00:00Z","minutes_before":10}`, func() any { return new(MeetingPayload) }},
		{MeetingPayload{IncidentID: 7, At: "2026-11-22T14:00:00Z"},
			`{"incident_id":7,"at":"2026-11-22T14:00:00Z","minutes_before":0}`, func() any { return new(MeetingPayload) }},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.v)
		if err != nil || string(b) != tt.want {
			t.Errorf("json.Marshal(%#v) = %s, %v; want %s", tt.v, b, err, tt.want)
		}
		got := tt.new()
		if err := json.Unmarshal([]byte(tt.want), got); err != nil {
			t.Fatal(err)
		}
		if v := reflect.ValueOf(got).Elem().Interface(); v != tt.v {
			t.Errorf("json.Unmarshal(%s) = %#v, want %#v", tt.want, v, tt.v)
		}
	}
}

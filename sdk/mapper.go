package sdk

import (
	"encoding/json"
	"fmt"
)

// renames maps gateway event names to the SDK-level names pages listen for
// (PROTOCOL.md §4, "Renamed before dispatch").
var renames = map[string]string{
	"CaseCreated":                         "ContactCreated",
	"CaseStatusChanged":                   "ContactStatusChanged",
	"CaseInboxAssigneeChanged":            "AssignedAgentChanged",
	"CaseToRoutingQueueAssignmentChanged": "ContactToRoutingQueueAssignmentChanged",
}

// mapEvent applies the reference's renames. Typing events are renamed only
// when the agent types (data.direction == "outbound"); recover replies get
// their contactHistory items normalised and renamed too.
func mapEvent(ev *Event) *Event {
	if to, ok := renames[ev.Type]; ok {
		ev.Type = to
		return ev
	}
	switch ev.Type {
	case "SenderTypingStarted", "SenderTypingEnded":
		var d struct {
			Direction string `json:"direction"`
		}
		if json.Unmarshal(ev.dataField("direction"), &d.Direction) == nil && d.Direction == "outbound" {
			ev.Type = map[string]string{"SenderTypingStarted": "AgentTypingStarted", "SenderTypingEnded": "AgentTypingEnded"}[ev.Type]
		}
	case "ThreadRecovered", "LivechatRecovered":
		ev.Data = normaliseHistory(ev.Data)
	}
	return ev
}

// normaliseHistory rewrites data.contactHistory, an array of raw frames, into
// normalised, renamed events. Data without such an array is left as it is.
func normaliseHistory(data json.RawMessage) json.RawMessage {
	o, err := parseObject(data)
	if err != nil {
		return data
	}
	var items []json.RawMessage
	if json.Unmarshal(o.get("contactHistory"), &items) != nil {
		return data
	}
	out := make([]json.RawMessage, 0, len(items))
	for _, it := range items {
		ev, err := DecodeFrame(it)
		if err != nil {
			// The reference turns a frame without eventId into an empty event.
			out = append(out, json.RawMessage(`{"id":"","data":null}`))
			continue
		}
		out = append(out, mustJSON(mapEvent(ev)))
	}
	return mustJSON(o.with("contactHistory", mustJSON(out)))
}

func fmtAny(v any) string { return fmt.Sprint(v) }

package sim

import (
	"encoding/json"
	"net/http"
)

// Visitor and proactive events (PROTOCOL.md §3, the reference's proactive
// guide). Pages send them with sendChatEvent; the simulator acknowledges
// them (they are in /sandbox/received) and answers a page view with the
// PageViewCreated push the platform sends. A proactive action is fired at
// a customer from the admin API.

func (r *request) visitorEvent() any { return replyEmpty(r.eventID) }

// pageViews acknowledges SendPageViews and pushes PageViewCreated for each
// page view to the customer's sockets.
func (r *request) pageViews() any {
	var d struct {
		PageViews []json.RawMessage `json:"pageViews"`
		PageView  json.RawMessage   `json:"pageView"`
	}
	if err := r.decode(&d); err != nil {
		return r.invalid("Invalid data: " + err.Error())
	}
	views := d.PageViews
	if d.PageView != nil {
		views = append(views, d.PageView)
	}
	for _, v := range views {
		r.s.broadcast(r.cu, push("PageViewCreated", map[string]any{
			"brand": r.cu.brand(), "channel": r.cu.channel.wire(), "pageView": v,
		}), nil)
	}
	return replyEmpty(r.eventID)
}

func init() {
	for _, t := range []string{"StoreVisitor", "StoreVisitorEvents", "AddVisitorTags", "RemoveVisitorTags", "ExecuteTrigger"} {
		eventHandlers[t] = (*request).visitorEvent
	}
	eventHandlers["SendPageViews"] = (*request).pageViews
}

// proactiveRequest is the body of POST /sandbox/proactive.
type proactiveRequest struct {
	BrandID       json.RawMessage `json:"brandId"`
	ChannelID     string          `json:"channelId"`
	CustomerID    string          `json:"customerId"`
	DestinationID string          `json:"destinationId"`
	ActionType    string          `json:"actionType"` // PopupBox, CustomPopupBox, WelcomeMessage, PushNotification, GuideTemplate
	ActionName    string          `json:"actionName"`
	Data          json.RawMessage `json:"data"`
}

// serveProactive pushes FireProactiveAction to a customer's sockets;
// answers {"count": sockets reached}.
func (s *Server) serveProactive(w http.ResponseWriter, r *http.Request) {
	var in proactiveRequest
	if err := readJSON(r, &in); err != nil || in.ActionType == "" {
		writeError(w, http.StatusBadRequest, "want {brandId, channelId, customerId, actionType, actionName?, destinationId?, data?}")
		return
	}
	key, ok := s.adminKey(string(in.BrandID), in.ChannelID, in.CustomerID)
	if !ok {
		writeError(w, http.StatusBadRequest, "brandId, channelId and customerId are required")
		return
	}
	action := map[string]any{"actionType": in.ActionType, "actionName": in.ActionName}
	if in.Data != nil {
		action["data"] = in.Data
	}
	data := map[string]any{"proactiveAction": map[string]any{"action": action, "conditions": []any{}}}
	if in.DestinationID != "" {
		data["destination"] = map[string]string{"id": in.DestinationID}
	}
	n := 0
	if cu := s.store.lookup(key); cu != nil {
		cu.mu.Lock()
		frame := encode(push("FireProactiveAction", data))
		for c := range cu.conns {
			if c.enqueue(frame) {
				n++
			}
		}
		cu.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, map[string]int{"count": n})
}

package sdk

import (
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

// mappedType is the reference's rename of an event type. Typing events are
// renamed only when the agent types (data.direction == "outbound").
func mappedType(typ string, direction func() string) string {
	if to, ok := renames[typ]; ok {
		return to
	}
	switch typ {
	case "SenderTypingStarted":
		if direction() == "outbound" {
			return "AgentTypingStarted"
		}
	case "SenderTypingEnded":
		if direction() == "outbound" {
			return "AgentTypingEnded"
		}
	}
	return typ
}

func isRecovered(typ string) bool { return typ == "ThreadRecovered" || typ == "LivechatRecovered" }

// mapEvent applies the reference's renames; recover replies get their
// contactHistory items normalised and renamed too.
func mapEvent(ev *Event) *Event {
	ev.Type = mappedType(ev.Type, func() string {
		s, _ := str(ev.dataField("direction"))
		return s
	})
	if isRecovered(ev.Type) {
		if t, d := ev.dataTree(); t != nil {
			if out, ok := t.normaliseHistory(d); ok {
				ev.setData(out)
			}
		}
	}
	return ev
}

// normaliseHistory rewrites data.contactHistory, an array of raw frames, into
// normalised, renamed events. Data without such an array is left as it is.
func normaliseHistory(data RawJSON) RawJSON {
	t, err := parseTree(data)
	if err != nil {
		return data
	}
	if out, ok := t.normaliseHistory(0); ok {
		return out
	}
	return data
}

// frame forms (PROTOCOL.md §4).
const (
	formRest = iota
	formError
	formData
	formPostback
)

// kv is one object member: its key and value nodes.
type kv struct{ k, v int32 }

// kvs is an object built from members of a tree: keys keep their first
// position and their last value (a JS spread).
type kvs []kv

func (m kvs) with(t *tree, f kv) kvs {
	key, _ := t.str(f.k)
	for i := range m {
		if s, _ := t.str(m[i].k); s == key {
			m[i].v = f.v
			return m
		}
	}
	return append(m, f)
}

func (m kvs) get(t *tree, key string) int32 {
	for _, f := range m {
		if t.keyIs(f.k, key) {
			return f.v
		}
	}
	return -1
}

func (m kvs) appendTo(t *tree, b []byte) []byte {
	b = append(b, '{')
	for i, f := range m {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, t.raw(f.k)...)
		b = append(b, ':')
		b = append(b, t.raw(f.v)...)
	}
	return append(b, '}')
}

// frameView is one frame (an object node) as normaliseEvent reads it:
// nodes of the tree, nothing copied.
type frameView struct {
	id, typ                       string
	form                          int
	createdAt, context, data, err int32
	fields                        kvs // postback: the merged data; rest: the extra members
}

// view reads frame node i as the reference's normalizeEvent does; ok is
// false when it has no eventId (the reference makes an empty event of it).
func (t *tree) view(i int32) (v frameView, ok bool) {
	id := t.get(i, "eventId")
	if id < 0 {
		return v, false
	}
	v = frameView{id: t.text(id), createdAt: t.get(i, "createdAt"), context: -1, data: -1, err: -1}
	if et := t.get(i, "eventType"); et >= 0 {
		v.typ = t.text(et)
	}
	pb := t.get(i, "postback")
	switch {
	case t.get(i, "error") >= 0:
		v.form, v.err, v.typ = formError, t.get(i, "error"), ""
	case t.get(i, "data") >= 0:
		v.form, v.data, v.context = formData, t.get(i, "data"), t.get(i, "context")
	case pb >= 0 && !t.isEmpty(pb):
		v.form = formPostback
		v.typ = t.text(t.get(pb, "eventType"))
		v.fields = kvs{}
		t.members(i, func(k, val int32) {
			if !t.keyIs(k, "eventId") && !t.keyIs(k, "postback") {
				v.fields = v.fields.with(t, kv{k, val})
			}
		})
		t.members(t.get(pb, "data"), func(k, val int32) { v.fields = v.fields.with(t, kv{k, val}) })
	default:
		v.form = formRest
		t.members(i, func(k, val int32) {
			if !t.keyIs(k, "eventId") && !t.keyIs(k, "eventType") && !t.keyIs(k, "createdAt") {
				v.fields = v.fields.with(t, kv{k, val})
			}
		})
	}
	return v, true
}

// dataKVs is the data of a view as members, when it is an object.
func (t *tree) dataKVs(v *frameView) (kvs, bool) {
	switch v.form {
	case formPostback:
		return v.fields, true
	case formData:
		if !t.isObject(v.data) {
			return nil, false
		}
		var m kvs
		t.members(v.data, func(k, val int32) { m = m.with(t, kv{k, val}) })
		return m, true
	}
	return nil, false
}

// normaliseHistory writes data object d with its contactHistory items
// normalised (ok is false when d has no such array). It runs on an explicit
// work stack, not by recursion, and writes each byte of the input at most
// once: a history nested a thousand deep costs what its size costs.
func (t *tree) normaliseHistory(d int32) (RawJSON, bool) {
	if !t.isObject(d) {
		return nil, false
	}
	var m kvs
	t.members(d, func(k, val int32) { m = m.with(t, kv{k, val}) })
	h := m.get(t, "contactHistory")
	if k := t.kind(h); h < 0 || (k != kindArray && k != kindNull) {
		return nil, false
	}
	w := historyWriter{t: t, out: make([]byte, 0, len(t.raw(d))+64)}
	w.push(work{op: opObject, kvs: m, history: true})
	return w.run(), true
}

type historyWriter struct {
	t     *tree
	out   []byte
	stack []work
}

type work struct {
	op      uint8
	node    int32
	lit     string
	kvs     kvs
	history bool // opObject: normalise the contactHistory member
}

const (
	opLit    = iota // write lit
	opNode          // write node's raw text
	opObject        // write kvs as an object
	opItem          // write node, a contactHistory item, as a normalised event
)

func (w *historyWriter) push(ws ...work) {
	for i := len(ws) - 1; i >= 0; i-- {
		w.stack = append(w.stack, ws[i])
	}
}

func (w *historyWriter) run() []byte {
	t := w.t
	for len(w.stack) > 0 {
		x := w.stack[len(w.stack)-1]
		w.stack = w.stack[:len(w.stack)-1]
		switch x.op {
		case opLit:
			w.out = append(w.out, x.lit...)
		case opNode:
			w.out = append(w.out, t.raw(x.node)...)
		case opObject:
			var ws []work
			for i, f := range x.kvs {
				sep := ""
				if i > 0 {
					sep = ","
				}
				ws = append(ws, work{op: opLit, lit: sep}, work{op: opNode, node: f.k}, work{op: opLit, lit: ":"})
				if x.history && t.keyIs(f.k, "contactHistory") {
					ws = append(ws, work{op: opLit, lit: "["})
					first := true
					t.elems(f.v, func(it int32) {
						if !first {
							ws = append(ws, work{op: opLit, lit: ","})
						}
						first = false
						ws = append(ws, work{op: opItem, node: it})
					})
					ws = append(ws, work{op: opLit, lit: "]"})
				} else {
					ws = append(ws, work{op: opNode, node: f.v})
				}
			}
			w.out = append(w.out, '{')
			ws = append(ws, work{op: opLit, lit: "}"})
			w.push(ws...)
		case opItem:
			w.push(w.item(x.node)...)
		}
	}
	return w.out
}

// item is the work that writes one contactHistory item as the Event that
// DecodeFrame and mapEvent would make of it, in Event.MarshalJSON's order.
func (w *historyWriter) item(i int32) []work {
	t := w.t
	v, ok := t.view(i)
	if !t.isObject(i) || !ok {
		// The reference turns a frame without eventId into an empty event.
		return []work{{op: opLit, lit: `{"id":"","data":null}`}}
	}
	m, isObj := t.dataKVs(&v)
	typ := mappedType(v.typ, func() string {
		if !isObj {
			return ""
		}
		s, _ := t.str(m.get(t, "direction"))
		return s
	})
	var ws []work
	member := func(key string, val ...work) {
		lit := `"` + key + `":`
		if len(ws) > 0 {
			lit = "," + lit
		}
		ws = append(ws, work{op: opLit, lit: lit})
		ws = append(ws, val...)
	}
	if v.createdAt >= 0 {
		member("createdAt", work{op: opNode, node: v.createdAt})
	}
	if v.context >= 0 {
		member("context", work{op: opNode, node: v.context})
	}
	switch v.form {
	case formError:
		member("data", work{op: opLit, lit: "null"})
		member("error", work{op: opNode, node: v.err})
	case formData, formPostback:
		h := m.get(t, "contactHistory")
		history := isRecovered(typ) && isObj && h >= 0 && (t.kind(h) == kindArray || t.kind(h) == kindNull)
		switch {
		case history || v.form == formPostback:
			member("data", work{op: opObject, kvs: m, history: history})
		default:
			member("data", work{op: opNode, node: v.data})
		}
	default:
		for _, f := range v.fields {
			lit := ":"
			ws = append(ws, work{op: opLit, lit: sepIf(len(ws) > 0)}, work{op: opNode, node: f.k}, work{op: opLit, lit: lit}, work{op: opNode, node: f.v})
		}
	}
	member("id", work{op: opLit, lit: string(quoted(v.id))})
	if typ != "" {
		member("type", work{op: opLit, lit: string(quoted(typ))})
	}
	out := make([]work, 0, len(ws)+2)
	out = append(out, work{op: opLit, lit: "{"})
	out = append(out, ws...)
	return append(out, work{op: opLit, lit: "}"})
}

func sepIf(b bool) string {
	if b {
		return ","
	}
	return ""
}

func fmtAny(v any) string { return fmt.Sprint(v) }

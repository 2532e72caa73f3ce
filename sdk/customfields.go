package sdk

import (
	"context"
	"sync"
)

// CustomField is one custom field on the wire: {ident, value}.
type CustomField struct {
	Ident string `json:"ident"`
	Value string `json:"value"`
}

// customFieldsOf reads {customFields: [{ident, value}]} as Unmarshal
// filled a struct of that shape, errors ignored: an element or a member
// of the wrong type reads as empty.
func customFieldsOf(raw RawJSON) []CustomField {
	t, root := parseRaw(raw)
	var out []CustomField
	arr := t.get(root, "customFields")
	if t.kind(arr) == kindArray {
		out = []CustomField{}
	}
	t.elems(arr, func(v int32) {
		ident, _ := t.asString(t.get(v, "ident"))
		value, _ := t.asString(t.get(v, "value"))
		out = append(out, CustomField{ident, value})
	})
	return out
}

// fieldMap keeps custom fields in the order they were first set.
type fieldMap []CustomField

func (m fieldMap) set(ident, value string) fieldMap {
	for i := range m {
		if m[i].Ident == ident {
			m[i].Value = value
			return m
		}
	}
	return append(m, CustomField{ident, value})
}

func (m fieldMap) setAll(fs []CustomField) fieldMap {
	for _, f := range fs {
		m = m.set(f.Ident, f.Value)
	}
	return m
}

func (m fieldMap) remove(ident string) fieldMap {
	for i := range m {
		if m[i].Ident == ident {
			return append(m[:i:i], m[i+1:]...)
		}
	}
	return m
}

func (m fieldMap) array() []RawJSON {
	out := make([]RawJSON, 0, len(m))
	for _, f := range m {
		out = append(out, f.appendJSON(nil))
	}
	return out
}

func (f CustomField) appendJSON(b []byte) []byte {
	b = append(b, `{"ident":`...)
	b = appendString(b, f.Ident)
	b = append(b, `,"value":`...)
	b = appendString(b, f.Value)
	return append(b, '}')
}

// fieldList is a list of custom fields on the wire; nil writes null.
type fieldList []CustomField

func (l fieldList) appendJSON(b []byte) []byte {
	if l == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, f := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = f.appendJSON(b)
	}
	return append(b, ']')
}

func (m fieldMap) pick(idents []string) []CustomField {
	if idents == nil {
		return append([]CustomField{}, m...)
	}
	var out []CustomField
	for _, f := range m {
		for _, id := range idents {
			if f.Ident == id {
				out = append(out, f)
			}
		}
	}
	return out
}

// SetCustomFields sets contact custom fields: kept for the first message of
// a new contact, or sent at once when the contact exists.
func (t *Thread) SetCustomFields(ctx context.Context, fields []CustomField) error {
	t.mu.Lock()
	t.fields = t.fields.setAll(fields)
	exists := t.exists
	t.mu.Unlock()
	if !exists {
		return nil
	}
	idents := make([]string, 0, len(fields))
	for _, f := range fields {
		idents = append(idents, f.Ident)
	}
	_, err := t.SendCustomFields(ctx, idents)
	return err
}

// RemoveCustomField forgets a contact custom field locally.
func (t *Thread) RemoveCustomField(ident string) {
	t.mu.Lock()
	t.fields = t.fields.remove(ident)
	t.mu.Unlock()
}

// SendCustomFields sends the thread's contact custom fields (only idents,
// when given) with SetConsumerContactCustomFields.
func (t *Thread) SendCustomFields(ctx context.Context, idents []string) (*Event, error) {
	t.mu.Lock()
	fs := t.fields.pick(idents)
	t.mu.Unlock()
	if fs == nil {
		fs = []CustomField{}
	}
	data := members{{"customFields", fieldList(fs)}, {"thread", threadRef{t.id}}}
	return t.c.request(ctx, "sendCustomFields", "SetConsumerContactCustomFields", data)
}

// customerFields are the customer's own custom fields, client-wide.
type customerFields struct {
	mu     sync.Mutex
	fields fieldMap
	exists bool // the customer exists on the platform
}

func (c *Client) customerExists() {
	c.cust.mu.Lock()
	c.cust.exists = true
	c.cust.mu.Unlock()
}

// mergeCustomerFields adds fields from a message to the customer's and
// returns them all, for the first message of a contact.
func (c *Client) mergeCustomerFields(fs []CustomField) []RawJSON {
	c.cust.mu.Lock()
	defer c.cust.mu.Unlock()
	c.cust.fields = c.cust.fields.setAll(fs)
	return c.cust.fields.array()
}

// SetCustomerCustomFields sets customer custom fields, sent at once
// (SetConsumerCustomFields) when the customer exists on the platform, else
// with the first message.
func (c *Client) SetCustomerCustomFields(ctx context.Context, fields []CustomField) (*Event, error) {
	c.cust.mu.Lock()
	c.cust.fields = c.cust.fields.setAll(fields)
	exists := c.cust.exists
	all := append([]CustomField{}, c.cust.fields...)
	c.cust.mu.Unlock()
	if !exists || !c.usable() {
		return nil, nil
	}
	return c.request(ctx, "setCustomFields", "SetConsumerCustomFields", members{{"customFields", fieldList(all)}})
}

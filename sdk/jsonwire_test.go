package sdk

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// mustJSON is encoding/json's Marshal, for tests: the reference the
// hand-written encoders are compared with.
func mustJSON(v any) RawJSON {
	b, err := json.Marshal(v)
	if err != nil {
		return RawJSON("null")
	}
	return b
}

// The differential tests below hold the hand-written encoders and decoders
// of jsonenc.go, jsondec.go, authwire.go, outbox.go and stream.go to what
// encoding/json did with the structs they replace (issue 9). Each Fuzz
// function runs on its seeds as a normal test; `go test -fuzz=FuzzX ./sdk`
// explores further.

// Old shapes, as the code declared them before issue 9.
type (
	oldRequest struct {
		Action  string     `json:"action"`
		EventID string     `json:"eventId"`
		Payload oldPayload `json:"payload"`
	}
	oldPayload struct {
		EventType        string   `json:"eventType"`
		Brand            brandRef `json:"brand"`
		Channel          idRef    `json:"channel"`
		ConsumerIdentity identity `json:"consumerIdentity"`
		Data             any      `json:"data"`
		Destination      idRef    `json:"destination"`
		Visitor          idRef    `json:"visitor"`
		Visit            idRef    `json:"visit"`
	}
	oldAuthorized struct {
		Status           string        `json:"status"`
		ConsumerIdentity *wireIdentity `json:"consumerIdentity"`
		Customer         *struct {
			CustomFields []CustomField `json:"customFields"`
		} `json:"customer"`
		Contact *struct {
			CustomFields []CustomField `json:"customFields"`
		} `json:"contact"`
		AccessToken *struct {
			Token     string  `json:"token"`
			ExpiresIn float64 `json:"expiresIn"`
		} `json:"accessToken"`
	}
	oldStreamed struct {
		ID             string `json:"id"`
		Thread         any    `json:"threadIdOnExternalPlatform"`
		MessageContent struct {
			Type    string `json:"type"`
			Payload struct {
				Protocol  string `json:"protocol"`
				SourceURL string `json:"sourceUrl"`
			} `json:"payload"`
		} `json:"messageContent"`
	}
	oldDelta struct {
		Delta *struct {
			Content      *string `json:"content"`
			FinishReason *string `json:"finish_reason"`
		} `json:"delta"`
	}
	oldCustomFieldsIn struct {
		CustomFields []CustomField `json:"customFields"`
	}
)

// wireKeys are the member names the replaced structs declared.
var wireKeys = strings.Fields(`accessToken expiresIn customerIdentity thirdParty contact customFields identityToken
	access_token refresh_token expires_in token_type idOnExternalPlatform firstName lastName image ident value
	status consumerIdentity customer token id eventType data at tab attempts threadIdOnExternalPlatform
	messageContent type payload protocol sourceUrl delta content finish_reason errorCode errorMessage error
	error_description settings isAttachmentsEnabled fileRestrictions allowedFileSize allowedFileTypes mimeType
	isAuthorizationEnabled isLiveChat v`) // v: FuzzJSONValue's member

// ambiguous reports texts where Unmarshal and the tree readers differ by
// design (jsondec.go): a key repeated in one object (under case folding),
// or a key that only case folding makes one of the wire's.
func ambiguous(b []byte) bool {
	tr, err := parseTree(b)
	if err != nil {
		return false
	}
	for i := range tr.n {
		if tr.n[i].kind != kindObject {
			continue
		}
		var keys []string
		bad := false
		tr.members(int32(i), func(k, _ int32) {
			s, _ := tr.str(k)
			for _, o := range keys {
				if strings.EqualFold(o, s) {
					bad = true
				}
			}
			for _, w := range wireKeys {
				if strings.EqualFold(w, s) && w != s {
					bad = true
				}
			}
			keys = append(keys, s)
		})
		if bad {
			return true
		}
	}
	return false
}

// wireSeeds are the captured frames, their data members, and texts that
// hit the type checks.
func wireSeeds(f *testing.F) {
	for _, b := range protocolSamples(f) {
		f.Add(b)
		if tr, err := parseTree(b); err == nil {
			if d := tr.get(0, "data"); d >= 0 {
				f.Add(tr.raw(d))
			}
		}
	}
	for _, s := range []string{
		`null`, `{}`, `[]`, `5`, `""`,
		`{"accessToken":"t","expiresIn":60,"customerIdentity":{"idOnExternalPlatform":"c","firstName":"A"},"thirdParty":{"access_token":"x","expires_in":1.5},"contact":{"customFields":[{"ident":"a","value":"b"},null]},"identityToken":"i"}`,
		`{"accessToken":5}`, `{"contact":{"customFields":[1]}}`, `{"contact":[]}`, `{"expiresIn":"1"}`, `{"expiresIn":1e400}`,
		`{"status":"success","consumerIdentity":{"idOnExternalPlatform":"c"},"customer":{"customFields":[{"ident":"x","value":"y"}]},"accessToken":{"token":"t","expiresIn":3600}}`,
		`{"status":"success","customer":{"customFields":{"ident":"x"}}}`, `{"status":1}`, `{"accessToken":{"token":null}}`,
		`[{"id":"m1","eventType":"SendMessage","data":{"a":1},"at":1700000000000,"tab":"t","attempts":2}]`,
		`[{"id":"m1","at":1.5}]`, `[{"id":"m1","at":1e3}]`, `[{"attempts":"2"}]`, `[null]`, `[5]`, `{"id":"m1"}`,
		`{"customFields":[{"ident":"a","value":"b"},{"ident":1,"value":"c"},7,null]}`, `{"customFields":"x"}`,
		`{"id":"m","threadIdOnExternalPlatform":12,"messageContent":{"type":"STREAMED","payload":{"protocol":"sse","sourceUrl":"http://127.0.0.1/s"}}}`,
		`{"id":"m","threadIdOnExternalPlatform":{"b":[1,true,null],"a":"x"},"messageContent":{"type":"STREAMED"}}`,
		`{"id":5,"messageContent":{"type":"STREAMED"}}`, `{"threadIdOnExternalPlatform":1e999}`, `{"messageContent":{"payload":[]}}`,
		`{"delta":{"content":"hi","finish_reason":null}}`, `{"delta":{"content":"x","finish_reason":"stop"}}`, `{"delta":null}`, `{"delta":{"content":5}}`, `{"delta":[]}`,
		`{"errorCode":"ip_blocked","errorMessage":5,"error":"e","error_description":"d"}`,
		`{"settings":{"isAttachmentsEnabled":false,"fileRestrictions":{"allowedFileSize":"10","allowedFileTypes":[{"mimeType":"image/*"},{"mimeType":".PDF "}],"isAttachmentsEnabled":true}}}`,
		`{"settings":{"fileRestrictions":{"allowedFileSize":2.5,"allowedFileTypes":[{"mimeType":"a"},{"mimeType":3}]}}}`,
		`{"settings":{"fileRestrictions":{"allowedFileSize":null,"allowedFileTypes":[null,{"mimeType":"x/y"}]}}}`,
		`{"settings":{"fileRestrictions":{"allowedFileSize":true,"allowedFileTypes":{"mimeType":"x"}}}}`,
		`{"settings":[],"isLiveChat":true,"isAuthorizationEnabled":1}`, `{"isLiveChat":null,"isAuthorizationEnabled":true}`,
		"{\"accessToken\":\"<&>\u2028\",\"AccessToken\":\"x\"}",
	} {
		f.Add([]byte(s))
	}
}

func sameJSON(t *testing.T, what string, in []byte, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s(%q):\n got  %#v\n want %#v", what, in, got, want)
	}
}

// FuzzWireDecoders: each reply decoder accepts what Unmarshal accepted into
// the struct it replaces, refuses what it refused, and reads the same values.
func FuzzWireDecoders(f *testing.F) {
	wireSeeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		if !json.Valid(in) || ambiguous(in) {
			return
		}
		{
			var want transactionResponse
			wantOK := json.Unmarshal(in, &want) == nil
			got, ok := parseTransaction(in)
			if ok != wantOK {
				t.Fatalf("parseTransaction(%q) ok %v, Unmarshal %v", in, ok, wantOK)
			}
			if ok {
				sameJSON(t, "parseTransaction", in, got, want)
			}
		}
		{
			var want oldAuthorized
			wantOK := json.Unmarshal(in, &want) == nil
			got, ok := parseAuthorized(in)
			if ok != wantOK {
				t.Fatalf("parseAuthorized(%q) ok %v, Unmarshal %v", in, ok, wantOK)
			}
			if ok {
				w := authorizedReply{Status: want.Status, ConsumerIdentity: want.ConsumerIdentity}
				if want.Customer != nil {
					w.CustomerFields = want.Customer.CustomFields
				}
				if want.Contact != nil {
					w.ContactFields = want.Contact.CustomFields
				}
				if want.AccessToken != nil {
					w.Token, w.ExpiresIn = want.AccessToken.Token, want.AccessToken.ExpiresIn
				}
				sameJSON(t, "parseAuthorized", in, got, w)
			}
		}
		{
			var want []storedRequest
			wantOK := json.Unmarshal(in, &want) == nil
			got, ok := parseStored(in)
			if ok != wantOK {
				t.Fatalf("parseStored(%q) ok %v, Unmarshal %v", in, ok, wantOK)
			}
			if ok {
				sameJSON(t, "parseStored", in, got, want)
			}
		}
		{
			var want oldCustomFieldsIn
			_ = json.Unmarshal(in, &want)
			sameJSON(t, "customFieldsOf", in, customFieldsOf(in), want.CustomFields)
		}
		{
			var want oldStreamed
			wantOK := json.Unmarshal(in, &want) == nil
			got, ok := readStreamed(in)
			if ok != wantOK {
				t.Fatalf("readStreamed(%q) ok %v, Unmarshal %v", in, ok, wantOK)
			}
			if ok {
				p := want.MessageContent.Payload
				sameJSON(t, "readStreamed", in, got, streamed{want.ID, fmtAny(want.Thread), want.MessageContent.Type, p.Protocol, p.SourceURL})
			}
		}
		{
			var want oldDelta
			wantOK := json.Unmarshal(in, &want) == nil
			got, ok := readDelta(in)
			if ok != wantOK {
				t.Fatalf("readDelta(%q) ok %v, Unmarshal %v", in, ok, wantOK)
			}
			if ok {
				var w delta
				if want.Delta != nil {
					w = delta{want.Delta.Content, want.Delta.FinishReason}
				}
				sameJSON(t, "readDelta", in, got, w)
			}
		}
		{
			var want authServiceError
			_ = json.Unmarshal(in, &want)
			sameJSON(t, "parseServiceError", in, parseServiceError(in), want)
		}
		{
			var want struct {
				IsAuthorizationEnabled bool `json:"isAuthorizationEnabled"`
				IsLiveChat             bool `json:"isLiveChat"`
			}
			wantOK := json.Unmarshal(in, &want) == nil
			e, l, ok := parseAuthInfo(in)
			if ok != wantOK || ok && (e != want.IsAuthorizationEnabled || l != want.IsLiveChat) {
				t.Fatalf("parseAuthInfo(%q) = %v %v %v, Unmarshal %+v %v", in, e, l, ok, want, wantOK)
			}
		}
		sameJSON(t, "parseFileRestrictions", in, parseFileRestrictions(in), oldFileRestrictions(in))
	})
}

// oldFileRestrictions is parseFileRestrictions as it was, on encoding/json.
func oldFileRestrictions(info RawJSON) *FileRestrictions {
	var ci struct {
		Settings struct {
			Enabled *bool `json:"isAttachmentsEnabled"`
			Files   struct {
				Size    json.RawMessage `json:"allowedFileSize"`
				Types   json.RawMessage `json:"allowedFileTypes"`
				Enabled *bool           `json:"isAttachmentsEnabled"`
			} `json:"fileRestrictions"`
		} `json:"settings"`
	}
	_ = json.Unmarshal(info, &ci)
	f := ci.Settings.Files
	r := &FileRestrictions{Enabled: true}
	switch {
	case f.Enabled != nil:
		r.Enabled = *f.Enabled
	case ci.Settings.Enabled != nil:
		r.Enabled = *ci.Settings.Enabled
	}
	var mb float64
	var s string
	if json.Unmarshal(f.Size, &s) == nil {
		mb, _ = strconv.ParseFloat(strings.TrimSpace(s), 64)
	} else {
		_ = json.Unmarshal(f.Size, &mb)
	}
	if mb > 0 && mb < math.MaxInt64>>21 {
		r.MaxBytes = int64(mb * (1 << 20))
	}
	var types []struct {
		MimeType string `json:"mimeType"`
	}
	if json.Unmarshal(f.Types, &types) == nil {
		for _, t := range types {
			if t.MimeType != "" {
				r.Types = append(r.Types, strings.ToLower(strings.TrimSpace(t.MimeType)))
			}
		}
	}
	size, typesRaw := f.Size, f.Types
	if len(size) == 0 || !json.Valid(size) {
		size = json.RawMessage(`null`)
	}
	if len(typesRaw) == 0 || !json.Valid(typesRaw) {
		typesRaw = json.RawMessage(`[]`)
	}
	r.response = mustJSON(struct {
		Size  json.RawMessage `json:"allowedFileSize"`
		Types json.RawMessage `json:"allowedFileTypes"`
	}{size, typesRaw})
	return r
}

// FuzzWireEncoders: the request frame, message data, custom fields, the
// stored outbox and raw values are written byte for byte as Marshal wrote
// them (escaping of <, >, &, U+2028, invalid UTF-8 and control bytes, key
// order, compaction of raw values included).
func FuzzWireEncoders(f *testing.F) {
	f.Add("chatWindowEvent", "e1", "SendMessage", "Mary Ann", "", []byte(`{"a": [1, "<b>&"]}`), int64(1086), "chan", "")
	f.Add("register", "\u2028\x01\b\f", "AuthorizeCustomer", "", "http://x/i.png?a=1&b=2", []byte(" null "), int64(-5), "", "vis")
	f.Add("", "\xff\xfe", "", "Solo", "\"\\", []byte(`"\u003c\u2029"`), int64(0), "<c>", "\t")
	for _, b := range protocolSamples(f) {
		f.Add("chatWindowEvent", "id", "T", "A B", "", b, int64(1), "c", "v")
	}
	f.Fuzz(func(t *testing.T, action, eventID, eventType, name, image string, data []byte, brand int64, channel, visitor string) {
		var cu Customer
		cu.SetID(eventID + "c")
		cu.SetName(name)
		cu.SetImage(image)
		id := cu.identity()

		// The frame, with raw data (what a page's sendChatEvent sends).
		if json.Valid(data) {
			got := request{action, eventID, payload{eventType, brandRef{brand}, idRef{channel}, id, RawJSON(data), idRef{""}, idRef{visitor}, idRef{name}}}.appendJSON(nil)
			want, err := json.Marshal(oldRequest{action, eventID, oldPayload{eventType, brandRef{brand}, idRef{channel}, id, json.RawMessage(data), idRef{""}, idRef{visitor}, idRef{name}}})
			if err != nil || string(got) != string(want) {
				t.Fatalf("request:\n got  %s\n want %s (%v)", got, want, err)
			}
			if got, want := appendRaw(nil, data), mustJSON(json.RawMessage(data)); string(got) != string(want) {
				t.Fatalf("appendRaw(%q) = %s, Marshal %s", data, got, want)
			}
		} else if got := appendRaw(nil, data); string(got) != "null" {
			t.Fatalf("appendRaw(%q) = %s for invalid JSON", data, got)
		}
		for _, s := range []string{action, eventID, name, image, channel} {
			if got, want := jsonString(s), mustJSON(s); string(got) != string(want) {
				t.Fatalf("appendString(%q) = %s, Marshal %s", s, got, want)
			}
		}

		// Message data as sendTextMessage builds it.
		fp := Fingerprint{Browser: &name, Country: image, Language: channel, OS: &visitor, DeviceType: eventType}
		fields := fieldMap{}.set(name, image).set(action, eventID)
		d := sendMessageData{
			MessageContent:       messageContent{Type: eventType, Payload: textPayload{Text: image, Postback: action}, Postback: action},
			BrowserFingerprint:   fp,
			IDOnExternalPlatform: eventID,
			Thread:               threadRef{channel},
			Consumer:             customFields{fields.array()},
			ConsumerContact:      customFields{[]RawJSON{}},
			Attachments:          []RawJSON{},
		}
		if got, want := d.appendJSON(nil), mustJSON(d); string(got) != string(want) {
			t.Fatalf("sendMessageData:\n got  %s\n want %s", got, want)
		}
		if got, want := fieldList(fields).appendJSON(nil), mustJSON([]CustomField(fields)); string(got) != string(want) {
			t.Fatalf("fieldList:\n got  %s\n want %s", got, want)
		}
		att := []Attachment{{URL: image, FriendlyName: name}}
		if got, want := attachmentList(att).appendJSON(nil), mustJSON(att); string(got) != string(want) {
			t.Fatalf("attachments:\n got  %s\n want %s", got, want)
		}

		// What were maps: members in sorted key order.
		m := members{
			{"authorCustomerIdentity", members{{"firstName", jstr(name)}, {"idOnExternalPlatform", jstr(image)}, {"lastName", jstr(visitor)}}},
			{"messageContent", members{{"payload", members{{"text", jstr(eventID)}}}, {"type", jstr("TEXT")}}},
		}
		mm := map[string]any{
			"messageContent":         map[string]any{"type": "TEXT", "payload": map[string]string{"text": eventID}},
			"authorCustomerIdentity": map[string]string{"idOnExternalPlatform": image, "firstName": name, "lastName": visitor},
		}
		if got, want := m.appendJSON(nil), mustJSON(mm); string(got) != string(want) {
			t.Fatalf("members:\n got  %s\n want %s", got, want)
		}

		// The stored outbox.
		if json.Valid(data) {
			s := storedRequest{eventID, eventType, RawJSON(data), brand, name, int(brand % 7), image}
			if got, want := s.appendJSON(nil), mustJSON(s); string(got) != string(want) {
				t.Fatalf("storedRequest:\n got  %s\n want %s", got, want)
			}
		}
	})
}

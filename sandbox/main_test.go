package main

import (
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sandbox/sim"
)

// TestAttachFlags: -attach-max-mb, -attach-types and -attach-disabled set
// every channel's file limits, which its channel info then announces and
// its upload route applies; without them the defaults stand, and a
// negative size is refused.
func TestAttachFlags(t *testing.T) {
	o, err := parseFlags([]string{"-attach-max-mb", "2.5", "-attach-types", " image/*, .pdf,,", "-attach-disabled"}, flag.ContinueOnError)
	if err != nil {
		t.Fatal(err)
	}
	want := &sim.FileLimits{MaxMB: 2.5, Disabled: true, Types: []sim.FileType{{MimeType: "image/*", Description: "image/*"}, {MimeType: ".pdf", Description: ".pdf"}}}
	if !reflect.DeepEqual(o.cfg.FileLimits, want) {
		t.Fatalf("limits %+v, want %+v", o.cfg.FileLimits, want)
	}

	srv := httptest.NewServer(sim.New(o.cfg))
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL + "/chat/1.0/brand/1086/channel/chat_abc")
	if err != nil {
		t.Fatal(err)
	}
	var info struct {
		Settings struct {
			FileRestrictions struct {
				AllowedFileSize      any `json:"allowedFileSize"`
				AllowedFileTypes     []struct{ MimeType string }
				IsAttachmentsEnabled bool `json:"isAttachmentsEnabled"`
			} `json:"fileRestrictions"`
		} `json:"settings"`
	}
	err = json.NewDecoder(resp.Body).Decode(&info)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	fr := info.Settings.FileRestrictions
	if fr.AllowedFileSize != "2.5" || fr.IsAttachmentsEnabled || len(fr.AllowedFileTypes) != 2 || fr.AllowedFileTypes[1].MimeType != ".pdf" {
		t.Fatalf("channel info announces %+v", fr)
	}
	resp, err = http.Post(srv.URL+"/chat/1.0/brand/1086/channel/chat_abc/attachment", "application/json",
		strings.NewReader(`{"content":"JVBERg==","fileName":"a.pdf","mimeType":"application/pdf"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"allowedFileSize":"2.5"`) {
		t.Fatalf("upload on a channel without attachments: %d %s", resp.StatusCode, body)
	}

	if o, err := parseFlags(nil, flag.ContinueOnError); err != nil || o.cfg.FileLimits != nil {
		t.Fatalf("no flags: limits %+v, %v; want the defaults (nil)", o.cfg.FileLimits, err)
	}
	if o, err := parseFlags([]string{"-attach-types", "text/plain"}, flag.ContinueOnError); err != nil || o.cfg.FileLimits == nil ||
		o.cfg.FileLimits.MaxMB != 0 || o.cfg.FileLimits.Disabled || len(o.cfg.FileLimits.Types) != 1 {
		t.Fatalf("-attach-types alone: %+v, %v", o.cfg.FileLimits, err)
	}
	if _, err := parseFlags([]string{"-attach-max-mb", "-1"}, flag.ContinueOnError); err == nil || !strings.Contains(err.Error(), "-attach-max-mb") {
		t.Fatalf("negative size: %v", err)
	}
}

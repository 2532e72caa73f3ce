package sim_test

import (
	"net/http"
	"testing"
)

// TestChannelInfo proves the channel info document of both default
// channels, availability and the persistent menu.
func TestChannelInfo(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	base := srv.URL + "/chat/1.0/brand/1086/channel/"

	var info obj
	getJSON(t, base+"chat_abc?locale=en_US", &info)
	equal(t, "name/isLiveChat/multi", []any{info.str("name"), info.get("isLiveChat"), info.get("settings.hasMultipleThreadsPerEndUser")},
		[]any{"Web chat", false, true})
	equal(t, "availability", info.str("availability.status"), "online")
	equal(t, "file size", info.str("settings.fileRestrictions.allowedFileSize"), "40")
	equal(t, "file types", info.get("settings.fileRestrictions.allowedFileTypes"),
		any([]any{map[string]any{"mimeType": "image/*", "description": "Images"}, map[string]any{"mimeType": "text/plain", "description": "Text"},
			map[string]any{"mimeType": "application/pdf", "description": "PDF documents"}}))
	equal(t, "channelIdOnExternalPlatform", info.str("channelIdOnExternalPlatform"), "chat_abc")
	equal(t, "auth flags", []any{info.get("isAuthorizationEnabled"), info.get("isSecuredCookieEnabled")}, []any{false, false})

	var live obj
	getJSON(t, base+"chat_live", &live)
	equal(t, "live chat", []any{live.get("isLiveChat"), live.get("settings.hasMultipleThreadsPerEndUser")}, []any{true, false})

	var avail obj
	getJSON(t, base+"chat_abc/availability", &avail)
	equal(t, "availability route", avail.str("status"), "online")
	var menu []any
	getJSON(t, base+"chat_abc/persistent-menu-items", &menu)
	equal(t, "menu", len(menu), 0)

	status, hdr, body := httpDo(t, http.MethodGet, base+"nope", nil, "")
	equal(t, "unknown channel", status, http.StatusNotFound)
	equal(t, "error content type", hdr.Get("Content-Type"), "application/json")
	if decode(t, body).str("error.errorMessage") == "" {
		t.Fatalf("error body: %s", body)
	}
	status, _, _ = httpDo(t, http.MethodGet, srv.URL+"/chat/1.0/brand/x/channel/chat_abc", nil, "")
	equal(t, "bad brand", status, http.StatusBadRequest)
}

// TestCORS proves a credentialed preflight is answered 204 with the
// origin and headers echoed, and that plain GETs carry the origin too.
func TestCORS(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	url := srv.URL + "/chat/1.0/brand/1086/channel/chat_abc?locale=en_US"
	status, hdr, _ := httpDo(t, http.MethodOptions, url, http.Header{
		"Origin":                         {"http://127.0.0.1:5173"},
		"Access-Control-Request-Method":  {"GET"},
		"Access-Control-Request-Headers": {"content-type,x-caller-service-id,x-sdk-platform,x-sdk-version"},
	}, "")
	equal(t, "preflight status", status, http.StatusNoContent)
	equal(t, "allow origin", hdr.Get("Access-Control-Allow-Origin"), "http://127.0.0.1:5173")
	equal(t, "credentials", hdr.Get("Access-Control-Allow-Credentials"), "true")
	equal(t, "allow headers", hdr.Get("Access-Control-Allow-Headers"), "content-type,x-caller-service-id,x-sdk-platform,x-sdk-version")
	equal(t, "allow methods", hdr.Get("Access-Control-Allow-Methods"), "GET, POST, OPTIONS")
	equal(t, "vary", hdr.Get("Vary"), "Origin")

	status, hdr, _ = httpDo(t, http.MethodGet, url, http.Header{"Origin": {"http://localhost:3000"}}, "")
	equal(t, "get status", status, http.StatusOK)
	equal(t, "get allow origin", hdr.Get("Access-Control-Allow-Origin"), "http://localhost:3000")

	// A page elsewhere gets no grant: the simulator's cookies are for local pages.
	_, hdr, _ = httpDo(t, http.MethodGet, url, http.Header{"Origin": {"http://other.test"}}, "")
	equal(t, "foreign origin", hdr.Get("Access-Control-Allow-Origin")+hdr.Get("Access-Control-Allow-Credentials"), "")

	status, _, body := httpDo(t, http.MethodGet, srv.URL+"/healthz", nil, "")
	equal(t, "healthz", []any{status, body}, []any{http.StatusOK, "ok"})
}

// TestUpload: an allowed file is stored and served back; a type the
// channel does not take gets the restrictions instead.
func TestUpload(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	url := srv.URL + "/chat/1.0/brand/1086/channel/chat_abc/attachment"
	status, _, body := httpDo(t, http.MethodPost, url, nil, `{"content":"aGVsbG8=","fileName":"note.txt","mimeType":"text/plain"}`)
	equal(t, "upload status", status, http.StatusOK)
	fileURL := decode(t, body).str("fileUrl")
	status, _, got := httpDo(t, http.MethodGet, fileURL, nil, "")
	equal(t, "download", []any{status, got}, []any{http.StatusOK, "hello"})
	status, _, body = httpDo(t, http.MethodPost, url, nil, `{"content":"aGVsbG8=","fileName":"x.exe","mimeType":"application/x-msdownload"}`)
	equal(t, "refused type", []any{status, decode(t, body).get("allowedFileSize")}, []any{http.StatusBadRequest, any("40")})
}

package sim_test

import (
	"net/http"
	"testing"
)

// TestFileLimitsAdmin: a channel's limits set by the admin route are what
// channel info announces and what the upload route enforces; every upload
// request is logged with its outcome, and DELETE restores the defaults.
func TestFileLimitsAdmin(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	json := http.Header{"Content-Type": {"application/json"}}
	limits := srv.URL + "/sandbox/channels/chat_abc/file-limits"
	status, _, _ := httpDo(t, http.MethodPut, limits, json, `{"maxMB":0.5,"types":[{"mimeType":".pdf","description":"PDF"}]}`)
	equal(t, "set", status, http.StatusOK)
	_, _, info := httpDo(t, http.MethodGet, srv.URL+"/chat/1.0/brand/1086/channel/chat_abc", nil, "")
	fr := decode(t, info)
	equal(t, "announced", []any{fr.get("settings.fileRestrictions.allowedFileSize"), fr.get("settings.fileRestrictions.isAttachmentsEnabled")}, []any{any("0.5"), any(true)})

	upload := srv.URL + "/chat/1.0/brand/1086/channel/chat_abc/attachment"
	status, _, body := httpDo(t, http.MethodPost, upload, json, `{"content":"aGVsbG8=","fileName":"note.txt","mimeType":"text/plain"}`)
	equal(t, "refused type", []any{status, decode(t, body).get("allowedFileSize")}, []any{http.StatusBadRequest, any("0.5")})
	status, _, body = httpDo(t, http.MethodPost, upload, json, `{"content":"JVBERg==","fileName":"a \"b\".pdf","mimeType":""}`)
	equal(t, "taken by extension", status, http.StatusOK)
	status, hdr, got := httpDo(t, http.MethodGet, decode(t, body).str("fileUrl"), nil, "")
	equal(t, "download", []any{status, got, hdr.Get("Content-Type"), hdr.Get("Content-Disposition")},
		[]any{http.StatusOK, "%PDF", "application/octet-stream", `attachment; filename="a _b_.pdf"; filename*=UTF-8''a%20%22b%22.pdf`})

	var log []struct{ FileName, Outcome string }
	getJSON(t, srv.URL+"/sandbox/uploads", &log)
	equal(t, "log", len(log), 2)
	equal(t, "outcomes", []string{log[0].Outcome, log[1].Outcome, log[1].FileName}, []string{"refused", "stored", `a "b".pdf`})

	status, _, _ = httpDo(t, http.MethodPut, limits, json, `{"disabled":true}`)
	equal(t, "disable", status, http.StatusOK)
	status, _, _ = httpDo(t, http.MethodPost, upload, json, `{"content":"JVBERg==","fileName":"x.pdf","mimeType":"application/pdf"}`)
	equal(t, "disabled refuses", status, http.StatusBadRequest)
	status, _, _ = httpDo(t, http.MethodPut, limits, json, `{"maxMB":-1}`)
	equal(t, "bad limits", status, http.StatusBadRequest)
	status, _, _ = httpDo(t, http.MethodDelete, limits, nil, "")
	equal(t, "reset", status, http.StatusNoContent)
	_, _, info = httpDo(t, http.MethodGet, srv.URL+"/chat/1.0/brand/1086/channel/chat_abc", nil, "")
	equal(t, "defaults", decode(t, info).get("settings.fileRestrictions.allowedFileSize"), any("40"))
	status, _, _ = httpDo(t, http.MethodGet, srv.URL+"/sandbox/channels/nope/file-limits", nil, "")
	equal(t, "unknown channel", status, http.StatusNotFound)
}

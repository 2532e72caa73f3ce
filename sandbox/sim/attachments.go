package sim

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"path"
	"strings"
	"sync"
)

// Attachment limits the channels announce (ChannelInfo.settings.fileRestrictions)
// and the upload route enforces.
const (
	maxUploadMB    = 40
	maxUploadBytes = maxUploadMB << 20
)

// allowedUploadTypes are the MIME types (a trailing /* matches a family).
var allowedUploadTypes = []struct{ mimeType, description string }{
	{"image/*", "Images"},
	{"text/plain", "Text"},
	{"application/pdf", "PDF documents"},
}

func uploadAllowed(mimeType string) bool {
	for _, t := range allowedUploadTypes {
		if t.mimeType == mimeType || strings.HasSuffix(t.mimeType, "/*") && strings.HasPrefix(mimeType, strings.TrimSuffix(t.mimeType, "*")) {
			return true
		}
	}
	return false
}

// files keeps uploaded attachments in memory, served at /sandbox/files/.
type files struct {
	mu      sync.Mutex
	content map[string]storedFile
}

type storedFile struct {
	mimeType string
	data     []byte
}

// attachmentRoutes registers the upload (PROTOCOL.md §6) and the download
// of what was uploaded.
func (s *Server) attachmentRoutes() {
	s.mux.HandleFunc("POST /chat/1.0/brand/{brandId}/channel/{channelId}/attachment", s.restChannel(s.serveUpload))
	s.mux.HandleFunc("GET /sandbox/files/{id}/{name}", func(w http.ResponseWriter, r *http.Request) {
		s.files.mu.Lock()
		f, ok := s.files.content[r.PathValue("id")]
		s.files.mu.Unlock()
		if !ok {
			writeError(w, http.StatusNotFound, "no such file")
			return
		}
		w.Header().Set("Content-Type", f.mimeType)
		_, _ = w.Write(f.data)
	})
}

// serveUpload stores {content (base64), fileName, mimeType} and answers
// {fileUrl}, or, for a file too big or of a type not allowed, the channel's
// restrictions {allowedFileSize, allowedFileTypes} as the platform does.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request, ch *Channel) {
	var in struct {
		Content  string `json:"content"`
		FileName string `json:"fileName"`
		MimeType string `json:"mimeType"`
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxUploadBytes*4/3+4096))
	if err != nil || json.Unmarshal(body, &in) != nil || in.FileName == "" {
		writeError(w, http.StatusBadRequest, "want {content, fileName, mimeType}")
		return
	}
	data, err := base64.StdEncoding.DecodeString(in.Content)
	if err != nil {
		writeError(w, http.StatusBadRequest, "content must be base64")
		return
	}
	if len(data) > maxUploadBytes || !uploadAllowed(in.MimeType) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"allowedFileSize": maxUploadMB, "allowedFileTypes": uploadTypes()})
		return
	}
	id := newID()
	s.files.mu.Lock()
	if s.files.content == nil {
		s.files.content = map[string]storedFile{}
	}
	s.files.content[id] = storedFile{in.MimeType, data}
	s.files.mu.Unlock()
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	writeJSON(w, http.StatusOK, map[string]string{"fileUrl": scheme + "://" + r.Host + "/sandbox/files/" + id + "/" + path.Base(in.FileName)})
}

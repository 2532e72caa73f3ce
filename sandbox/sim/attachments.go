package sim

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
)

// FileLimits are a channel's attachment restrictions: what channel info
// announces (settings.fileRestrictions) and the upload route enforces.
type FileLimits struct {
	// Disabled refuses every attachment (isAttachmentsEnabled false).
	Disabled bool `json:"disabled"`
	// MaxMB is allowedFileSize in MiB; 0 means the default, 40.
	MaxMB float64 `json:"maxMB"`
	// Types are allowedFileTypes (a trailing /* matches a family, a
	// leading dot an extension); nil means the default: images, text,
	// PDF.
	Types []FileType `json:"types"`
	// Stall makes the upload route read a little of each upload and then
	// hold it until POST /sandbox/uploads/release, so that tests can abort
	// an upload under way: a released upload whose client went away ends
	// "aborted", one whose client is still there goes on.
	Stall bool `json:"stall"`
}

// FileType is one of allowedFileTypes.
type FileType struct {
	MimeType    string `json:"mimeType"`
	Description string `json:"description"`
}

const defaultMaxMB = 40

var defaultUploadTypes = []FileType{
	{"image/*", "Images"},
	{"text/plain", "Text"},
	{"application/pdf", "PDF documents"},
}

func (l FileLimits) maxMB() float64 {
	if l.MaxMB > 0 {
		return l.MaxMB
	}
	return defaultMaxMB
}

func (l FileLimits) types() []FileType {
	if l.Types != nil {
		return l.Types
	}
	return defaultUploadTypes
}

func (l FileLimits) maxBytes() int64 { return int64(l.maxMB() * (1 << 20)) }

func (l FileLimits) allows(name, mimeType string) bool {
	mimeType = strings.ToLower(mimeType)
	for _, t := range l.types() {
		m := strings.ToLower(t.MimeType)
		switch {
		case m == "*/*" || m == mimeType:
			return true
		case strings.HasPrefix(m, "."):
			if strings.HasSuffix(strings.ToLower(name), m) {
				return true
			}
		case strings.HasSuffix(m, "/*") && strings.HasPrefix(mimeType, strings.TrimSuffix(m, "*")):
			return true
		}
	}
	return false
}

// restrictions is settings.fileRestrictions of channel info.
func (l FileLimits) restrictions() map[string]any {
	return map[string]any{
		"allowedFileSize":      strconv.FormatFloat(l.maxMB(), 'f', -1, 64),
		"allowedFileTypes":     l.types(),
		"isAttachmentsEnabled": !l.Disabled,
	}
}

// refusal is the upload route's answer to a file it does not take: the
// restrictions in the reference's UploadFailResponse shape, allowedFileSize
// a numeric string as in channel info (so a refusal before upload and the
// server's own carry the same types).
func (l FileLimits) refusal() map[string]any {
	r := l.restrictions()
	return map[string]any{"allowedFileSize": r["allowedFileSize"], "allowedFileTypes": r["allowedFileTypes"]}
}

// files keeps uploaded attachments in memory, served at /sandbox/files/,
// the channels' limits, and a log of the upload requests.
type files struct {
	mu      sync.Mutex
	content map[string]storedFile
	limits  map[string]FileLimits // by channel id; absent: Config.FileLimits
	uploads []uploadEntry
	release chan struct{}  // closed to let stalled uploads go on
	stalled sync.WaitGroup // uploads held by Stall
	reading sync.WaitGroup // released uploads still reading their body
}

// releaseChan is closed by the next release.
func (s *Server) releaseChan() chan struct{} {
	s.files.mu.Lock()
	defer s.files.mu.Unlock()
	if s.files.release == nil {
		s.files.release = make(chan struct{})
	}
	return s.files.release
}

// serveRelease releases the stalled uploads and answers the upload log
// once they have read the rest of their bodies (or their clients are gone).
func (s *Server) serveRelease(w http.ResponseWriter, _ *http.Request) {
	ch := s.releaseChan()
	s.files.mu.Lock()
	s.files.release = nil
	s.files.mu.Unlock()
	close(ch)
	s.files.stalled.Wait()
	s.files.reading.Wait()
	s.files.mu.Lock()
	list := append([]uploadEntry{}, s.files.uploads...)
	s.files.mu.Unlock()
	writeJSON(w, http.StatusOK, list)
}

type storedFile struct {
	name     string
	mimeType string
	data     []byte
}

// uploadEntry is one request to the upload route, as GET /sandbox/uploads
// lists them: logged when it arrives, its outcome filled in when it ends
// ("" while under way, then stored, refused, bad-request or aborted).
type uploadEntry struct {
	ChannelID string `json:"channelId"`
	FileName  string `json:"fileName"`
	MimeType  string `json:"mimeType"`
	Size      int    `json:"size"`
	Outcome   string `json:"outcome"`
}

const maxUploadLog = 1000

// limitsOf returns the limits of channel id.
func (s *Server) limitsOf(id string) FileLimits {
	s.files.mu.Lock()
	defer s.files.mu.Unlock()
	if l, ok := s.files.limits[id]; ok {
		return l
	}
	if s.cfg.FileLimits != nil {
		return *s.cfg.FileLimits
	}
	return FileLimits{}
}

// attachmentRoutes registers the upload (PROTOCOL.md §6), the download of
// what was uploaded, and the admin routes of the limits:
//
//	GET    /sandbox/channels/{channelId}/file-limits   the channel's FileLimits
//	PUT    /sandbox/channels/{channelId}/file-limits   set them (JSON FileLimits)
//	DELETE /sandbox/channels/{channelId}/file-limits   back to the default
//	GET    /sandbox/uploads                            every upload request, in order
//	DELETE /sandbox/uploads                            forget them
//	POST   /sandbox/uploads/release                    let stalled uploads go on; answers
//	                                                   the log once they have read their body
func (s *Server) attachmentRoutes() {
	s.mux.HandleFunc("POST /chat/1.0/brand/{brandId}/channel/{channelId}/attachment", s.restChannel(s.serveUpload))
	s.mux.HandleFunc("GET /sandbox/files/{id}/{name}", s.serveFile)
	const limits = "/sandbox/channels/{channelId}/file-limits"
	s.mux.HandleFunc("GET "+limits, s.withChannel(func(w http.ResponseWriter, _ *http.Request, ch *Channel) {
		writeJSON(w, http.StatusOK, s.limitsOf(ch.ID))
	}))
	s.mux.HandleFunc("PUT "+limits, s.withChannel(func(w http.ResponseWriter, r *http.Request, ch *Channel) {
		var l FileLimits
		if err := readJSON(r, &l); err != nil || l.MaxMB < 0 || l.MaxMB > 1<<20 {
			writeError(w, http.StatusBadRequest, "want {disabled, maxMB (0 < MiB), types: [{mimeType, description}], stall}")
			return
		}
		s.files.mu.Lock()
		if s.files.limits == nil {
			s.files.limits = map[string]FileLimits{}
		}
		s.files.limits[ch.ID] = l
		s.files.mu.Unlock()
		writeJSON(w, http.StatusOK, l)
	}))
	s.mux.HandleFunc("DELETE "+limits, s.withChannel(func(w http.ResponseWriter, _ *http.Request, ch *Channel) {
		s.files.mu.Lock()
		delete(s.files.limits, ch.ID)
		s.files.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	s.mux.HandleFunc("GET /sandbox/uploads", func(w http.ResponseWriter, _ *http.Request) {
		s.files.mu.Lock()
		list := append([]uploadEntry{}, s.files.uploads...)
		s.files.mu.Unlock()
		writeJSON(w, http.StatusOK, list)
	})
	s.mux.HandleFunc("POST /sandbox/uploads/release", s.serveRelease)
	s.mux.HandleFunc("DELETE /sandbox/uploads", func(w http.ResponseWriter, _ *http.Request) {
		s.files.mu.Lock()
		s.files.uploads = nil
		s.files.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})
}

// withChannel resolves {channelId} of an admin path.
func (s *Server) withChannel(h func(http.ResponseWriter, *http.Request, *Channel)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ch, ok := s.channels[r.PathValue("channelId")]
		if !ok {
			writeError(w, http.StatusNotFound, "channel not found")
			return
		}
		h(w, r, ch)
	}
}

// serveFile answers an uploaded file byte for byte, with its type and name.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	s.files.mu.Lock()
	f, ok := s.files.content[r.PathValue("id")]
	s.files.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "no such file")
		return
	}
	w.Header().Set("Content-Type", f.mimeType)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
	w.Header().Set("Content-Disposition", contentDisposition(f.name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(f.data)
}

// contentDisposition names the file for a download (RFC 6266): an ASCII
// fallback and the UTF-8 name.
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	var ext strings.Builder // RFC 8187 attr-chars, the rest %-encoded
	for _, c := range []byte(name) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			ext.WriteByte(c)
		} else {
			fmt.Fprintf(&ext, "%%%02X", c)
		}
	}
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + ext.String()
}

// addUpload logs an upload request and returns its index.
func (s *Server) addUpload(e uploadEntry) int {
	s.files.mu.Lock()
	defer s.files.mu.Unlock()
	if len(s.files.uploads) >= maxUploadLog {
		s.files.uploads = append(s.files.uploads[:0:0], s.files.uploads[maxUploadLog/2:]...)
	}
	s.files.uploads = append(s.files.uploads, e)
	return len(s.files.uploads) - 1
}

func (s *Server) endUpload(i int, fill func(*uploadEntry)) {
	s.files.mu.Lock()
	defer s.files.mu.Unlock()
	if i < len(s.files.uploads) {
		fill(&s.files.uploads[i])
	}
}

// serveUpload stores {content (base64), fileName, mimeType} and answers
// {fileUrl}, or, for a file too big, of a type not allowed or on a channel
// that takes none, the channel's restrictions {allowedFileSize,
// allowedFileTypes} as the platform does. The whole body is read before
// answering, so that the client sees the answer rather than a reset.
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request, ch *Channel) {
	l := s.limitsOf(ch.ID)
	i := s.addUpload(uploadEntry{ChannelID: ch.ID})
	limit := l.maxBytes()*4/3 + 64<<10
	var head []byte
	if l.Stall {
		// Take a little, then hold the rest until released.
		s.files.stalled.Add(1)
		head, _ = io.ReadAll(io.LimitReader(r.Body, 64<<10))
		select {
		case <-s.releaseChan():
		case <-s.done:
		}
		s.files.reading.Add(1) // before stalled.Done, so that a release waits for it
		defer s.files.reading.Done()
		s.files.stalled.Done()
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1-int64(len(head))))
	body = append(head, body...)
	if err != nil {
		s.endUpload(i, func(e *uploadEntry) { e.Outcome = "aborted" })
		return
	}
	if int64(len(body)) > limit {
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 256<<20))
		s.endUpload(i, func(e *uploadEntry) { e.Outcome = "refused"; e.Size = -1 })
		writeJSON(w, http.StatusBadRequest, l.refusal())
		return
	}
	var in struct {
		Content  string `json:"content"`
		FileName string `json:"fileName"`
		MimeType string `json:"mimeType"`
	}
	var data []byte
	if err = json.Unmarshal(body, &in); err == nil && in.FileName == "" {
		err = errors.New("no fileName")
	}
	if err == nil {
		data, err = base64.StdEncoding.DecodeString(in.Content)
	}
	if err != nil {
		s.endUpload(i, func(e *uploadEntry) { e.Outcome = "bad-request" })
		writeError(w, http.StatusBadRequest, "want {content (base64), fileName, mimeType}")
		return
	}
	fill := func(outcome string) func(*uploadEntry) {
		return func(e *uploadEntry) {
			e.FileName, e.MimeType, e.Size, e.Outcome = in.FileName, in.MimeType, len(data), outcome
		}
	}
	if l.Disabled || int64(len(data)) > l.maxBytes() || !l.allows(in.FileName, in.MimeType) {
		s.endUpload(i, fill("refused"))
		writeJSON(w, http.StatusBadRequest, l.refusal())
		return
	}
	u := s.storeFile(r, in.FileName, in.MimeType, data)
	s.endUpload(i, fill("stored"))
	writeJSON(w, http.StatusOK, map[string]string{"fileUrl": u})
}

// storeFile keeps data and returns the URL it is served at, on the host
// the request came to.
func (s *Server) storeFile(r *http.Request, name, mimeType string, data []byte) string {
	host := r.Host
	if r.TLS != nil {
		host = "https://" + host
	}
	return s.storeFileAt(host, name, mimeType, data)
}

// storeFileAt is storeFile for a host ("127.0.0.1:8080", or with a scheme).
func (s *Server) storeFileAt(host, name, mimeType string, data []byte) string {
	if mimeType == "" {
		mimeType = "application/octet-stream"
	}
	id := newID()
	s.files.mu.Lock()
	if s.files.content == nil {
		s.files.content = map[string]storedFile{}
	}
	s.files.content[id] = storedFile{name, mimeType, data}
	s.files.mu.Unlock()
	if !strings.Contains(host, "://") {
		host = "http://" + host
	}
	return host + "/sandbox/files/" + id + "/" + url.PathEscape(path.Base(name))
}

// mimeOfStored is the type a file at u was uploaded with, else a guess
// from its name.
func (s *Server) mimeOfStored(name, u string) string {
	if i := strings.Index(u, "/sandbox/files/"); i >= 0 {
		id, _, _ := strings.Cut(u[i+len("/sandbox/files/"):], "/")
		s.files.mu.Lock()
		f, ok := s.files.content[id]
		s.files.mu.Unlock()
		if ok {
			return f.mimeType
		}
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

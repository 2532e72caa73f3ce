package sdk

import (
	"context"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Attachment is an uploaded file as a message carries it.
type Attachment struct {
	URL          string `json:"url"`
	FriendlyName string `json:"friendlyName"`
}

func (a Attachment) appendJSON(b []byte) []byte {
	b = append(b, `{"url":`...)
	b = appendString(b, a.URL)
	b = append(b, `,"friendlyName":`...)
	b = appendString(b, a.FriendlyName)
	return append(b, '}')
}

type attachmentList []Attachment

func (l attachmentList) appendJSON(b []byte) []byte {
	if l == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, a := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = a.appendJSON(b)
	}
	return append(b, ']')
}

// Blob is file content the platform holds: a JS File or Blob in the
// browser, bytes natively. The core never reads it; it puts it in a
// request body (BodyPart) and the HTTPDoer sends it, so that a file's bytes
// need not pass through the core at all.
type Blob interface {
	Size() int64
}

// BytesBlob is a Blob of bytes in memory, for native programs and tests.
type BytesBlob []byte

// Size is len(b).
func (b BytesBlob) Size() int64 { return int64(len(b)) }

// BodyPart is one piece of a request body the HTTPDoer assembles: Bytes as
// they are, or the content of Blob, base64-encoded (standard alphabet, with
// padding) when Base64 is set.
type BodyPart struct {
	Bytes  []byte
	Blob   Blob
	Base64 bool
}

// ReadParts assembles parts into one body, for doers that send bytes (the
// native one). A Blob must be a BytesBlob or an io.Reader.
func ReadParts(parts []BodyPart) ([]byte, error) {
	var out []byte
	for _, p := range parts {
		if p.Blob == nil {
			out = append(out, p.Bytes...)
			continue
		}
		var data []byte
		switch b := p.Blob.(type) {
		case BytesBlob:
			data = b
		case io.Reader:
			d, err := io.ReadAll(b)
			if err != nil {
				return nil, err
			}
			data = d
		default:
			return nil, errors.New("cxone: this HTTPDoer cannot read a Blob of this type")
		}
		if p.Base64 {
			data = appendBase64(nil, data)
		}
		out = append(out, data...)
	}
	return out, nil
}

const b64alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// appendBase64 is base64.StdEncoding without the package (wasm bytes).
func appendBase64(dst, src []byte) []byte {
	for len(src) >= 3 {
		n := uint(src[0])<<16 | uint(src[1])<<8 | uint(src[2])
		dst = append(dst, b64alphabet[n>>18&63], b64alphabet[n>>12&63], b64alphabet[n>>6&63], b64alphabet[n&63])
		src = src[3:]
	}
	switch len(src) {
	case 1:
		n := uint(src[0]) << 16
		dst = append(dst, b64alphabet[n>>18&63], b64alphabet[n>>12&63], '=', '=')
	case 2:
		n := uint(src[0])<<16 | uint(src[1])<<8
		dst = append(dst, b64alphabet[n>>18&63], b64alphabet[n>>12&63], b64alphabet[n>>6&63], '=')
	}
	return dst
}

// File is one file to upload. Size must be Content's size; the channel's
// restrictions are checked against Name, Type and Size before anything is
// sent.
type File struct {
	Name    string // the name the message shows (friendlyName)
	Type    string // MIME type; "" means unknown (application/octet-stream)
	Size    int64  // bytes
	Content Blob
}

// UploadProgress is called as a file's bytes go out: loaded of total
// bytes of the file (not of the request). It never goes backwards, and on
// success the last call has loaded == total.
type UploadProgress func(loaded, total int64)

// SendFilesOptions are the optional parts of Thread.SendFiles.
type SendFilesOptions struct {
	MessageID string // default: a new uuid
	// OnProgress, when set, is called with the index of the file in the
	// call and its UploadProgress.
	OnProgress func(file int, loaded, total int64)
	// Parallel bounds the uploads under way at once; default 3.
	Parallel int
}

// FileRestrictions are a channel's attachment limits, from
// ChannelInfo.settings.fileRestrictions (PROTOCOL.md §6).
type FileRestrictions struct {
	Enabled  bool
	MaxBytes int64 // 0: no limit known
	// Types are the allowed MIME types ("image/png", "image/*", "*/*") or
	// file name extensions (".pdf"); empty allows every type.
	Types []string
	// response is {allowedFileSize, allowedFileTypes} as the channel gave
	// them: the data of a refusal, in the shape of the upload route's.
	response RawJSON
}

// fileState caches the channel's restrictions for the session.
type fileState struct {
	mu    sync.Mutex
	known *FileRestrictions
}

// Upload refusal reasons, in UploadAttachmentError's data.reason.
const (
	RefusedDisabled = "disabled" // the channel takes no attachments
	RefusedSize     = "size"     // larger than allowedFileSize
	RefusedType     = "type"     // not among allowedFileTypes
	RefusedServer   = "server"   // the upload route refused it
)

// KindUploadAttachment is the reference's error class of a refused file.
const KindUploadAttachment = "UploadAttachmentError"

// FileRestrictions returns the channel's attachment limits, fetched with
// the channel info once per session. A failed fetch is not cached; nil
// with the error.
func (c *Client) FileRestrictions(ctx context.Context) (*FileRestrictions, error) {
	c.files.mu.Lock()
	known := c.files.known
	c.files.mu.Unlock()
	if known != nil {
		return known, nil
	}
	info, err := c.ChannelInfo(ctx)
	if err != nil {
		return nil, err
	}
	r := parseFileRestrictions(info)
	c.files.mu.Lock()
	if c.files.known == nil {
		c.files.known = r
	}
	r = c.files.known
	c.files.mu.Unlock()
	return r, nil
}

// parseFileRestrictions reads settings.fileRestrictions of a ChannelInfo.
// What is absent or malformed restricts nothing: the upload route still
// decides.
func parseFileRestrictions(info RawJSON) *FileRestrictions {
	t, root := parseRaw(info)
	settings := t.get(root, "settings")
	files := t.get(settings, "fileRestrictions")
	sizeNode, typesNode := t.get(files, "allowedFileSize"), t.get(files, "allowedFileTypes")
	r := &FileRestrictions{Enabled: true}
	if e := t.asBool(t.get(files, "isAttachmentsEnabled")); e != nil {
		r.Enabled = *e
	} else if e := t.asBool(t.get(settings, "isAttachmentsEnabled")); e != nil {
		r.Enabled = *e
	}
	var mb float64
	if s, ok := t.str(sizeNode); ok {
		mb, _ = strconv.ParseFloat(strings.TrimSpace(s), 64)
	} else if f, ok := t.asFloat(sizeNode); ok {
		mb = f
	}
	if mb > 0 && mb < math.MaxInt64>>21 {
		r.MaxBytes = int64(mb * (1 << 20))
	}
	// Unmarshal into []struct{MimeType string} kept none when any element
	// did not fit.
	var types []string
	ok := t.fits(typesNode, kindArray)
	t.elems(typesNode, func(v int32) {
		if !t.fits(v, kindObject) {
			ok = false
			return
		}
		m, fit := t.asString(t.get(v, "mimeType"))
		ok = ok && fit
		if m != "" {
			types = append(types, strings.ToLower(strings.TrimSpace(m)))
		}
	})
	if ok {
		r.Types = types
	}
	size, typesRaw := RawJSON(t.raw(sizeNode)), RawJSON(t.raw(typesNode))
	if size == nil {
		size = RawJSON(`null`)
	}
	if typesRaw == nil {
		typesRaw = RawJSON(`[]`)
	}
	r.response = members{{"allowedFileSize", size}, {"allowedFileTypes", typesRaw}}.appendJSON(nil)
	return r
}

// Check says why f may not be uploaded ("" when it may): RefusedDisabled,
// RefusedSize or RefusedType.
func (r *FileRestrictions) Check(f File) string {
	switch {
	case !r.Enabled:
		return RefusedDisabled
	case r.MaxBytes > 0 && f.Size > r.MaxBytes:
		return RefusedSize
	case len(r.Types) > 0 && !r.allows(f):
		return RefusedType
	}
	return ""
}

func (r *FileRestrictions) allows(f File) bool {
	typ := strings.ToLower(strings.TrimSpace(f.Type))
	if i := strings.IndexByte(typ, ';'); i >= 0 {
		typ = strings.TrimSpace(typ[:i])
	}
	name := strings.ToLower(f.Name)
	for _, t := range r.Types {
		switch {
		case t == "*/*" || t == "*":
			return true
		case strings.HasPrefix(t, "."):
			if strings.HasSuffix(name, t) {
				return true
			}
		case strings.HasSuffix(t, "/*"):
			if typ != "" && strings.HasPrefix(typ, t[:len(t)-1]) {
				return true
			}
		case t == typ:
			return true
		}
	}
	return false
}

// refusal is the UploadAttachmentError of file i: data is the reference's
// {response: {allowedFileSize, allowedFileTypes}} plus which file and why.
func refusal(op string, i int, f File, reason string, response RawJSON) *Error {
	data := members{{"response", response}, {"fileIndex", jint(i)}, {"fileName", jstr(f.Name)}, {"reason", jstr(reason)}}.appendJSON(nil)
	return &Error{Code: CodeInvalidArgument, Kind: KindUploadAttachment, Op: op, Msg: "Upload attachment failed", Data: data}
}

// UploadFile uploads one file to the channel and returns it as an
// Attachment. It checks the channel's restrictions first: a refused file
// is an UploadAttachmentError and nothing is sent; the upload route's own
// refusal gives the same error. onProgress may be nil.
func (c *Client) UploadFile(ctx context.Context, f File, onProgress UploadProgress) (Attachment, error) {
	const op = "createAttachmentPayload"
	if err := checkFile(op, f); err != nil {
		return Attachment{}, err
	}
	if r, err := c.FileRestrictions(ctx); err == nil {
		if why := r.Check(f); why != "" {
			return Attachment{}, refusal(op, 0, f, why, r.response)
		}
	}
	return c.upload(ctx, op, 0, f, onProgress)
}

func checkFile(op string, f File) error {
	if f.Content == nil || f.Name == "" {
		return invalidArg(op, "FileList must be provided to sendAttachment method")
	}
	if f.Size < 0 || f.Content.Size() != f.Size {
		return invalidArg(op, "file "+quote(f.Name)+": size does not match its content")
	}
	return nil
}

// uploadTimeout bounds one upload: the request timeout plus a second for
// every 256 KiB, so that a slow but moving upload is not cut short.
func (c *Client) uploadTimeout(size int64) time.Duration {
	return c.opts.RequestTimeout + time.Duration(size>>18)*time.Second
}

// upload posts {content (base64), fileName, mimeType} (PROTOCOL.md §6) with
// the file's bytes as a Blob part, so that the doer streams them.
func (c *Client) upload(ctx context.Context, op string, i int, f File, onProgress UploadProgress) (Attachment, error) {
	if c.opts.HTTP == nil {
		return Attachment{}, invalidArg(op, "no HTTP client configured")
	}
	mimeType := f.Type
	if mimeType == "" {
		mimeType = "application/octet-stream"
	}
	prefix := []byte(`{"content":"`)
	suffix := append(append(append([]byte(`","fileName":`), jsonString(f.Name)...), `,"mimeType":`...), jsonString(mimeType)...)
	suffix = append(suffix, '}')
	p := &progress{fn: onProgress, size: f.Size, skip: int64(len(prefix))}
	req := &HTTPRequest{
		Method: "POST", URL: c.channelPath() + "/attachment", Header: c.restHeaders(),
		Parts: []BodyPart{{Bytes: prefix}, {Blob: f.Content, Base64: true}, {Bytes: suffix}},
	}
	if onProgress != nil {
		req.OnUploadProgress = p.body
	}
	ctx, cancel := context.WithTimeout(ctx, c.uploadTimeout(f.Size))
	defer cancel()
	resp, err := c.opts.HTTP.Do(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return Attachment{}, ctxError(op, ctx.Err())
		}
		return Attachment{}, &Error{Code: CodeClosed, Kind: KindChatSDK, Op: op, Msg: "Send attachment failed because of (" + err.Error() + ")", Err: err, Data: whichFile(i, f)}
	}
	t, root := parseRaw(resp.Body)
	fileURL, urlFits := t.asString(t.get(root, "fileUrl"))
	if root < 0 || !t.fits(root, kindObject) || !urlFits {
		return Attachment{}, &Error{Code: CodeProtocol, Kind: KindChatSDK, Op: op, Msg: "Unknown file upload response (status " + strconv.Itoa(resp.Status) + ")", Data: whichFile(i, f)}
	}
	switch {
	case fileURL != "" && resp.Status >= 200 && resp.Status <= 299:
		p.done()
		return Attachment{URL: fileURL, FriendlyName: f.Name}, nil
	case t.get(root, "allowedFileSize") >= 0:
		return Attachment{}, refusal(op, i, f, RefusedServer, resp.Body)
	}
	return Attachment{}, &Error{Code: CodeProtocol, Kind: KindChatSDK, Op: op, Msg: "Unknown file upload response (" + truncate(string(resp.Body), 200) + ")", Data: whichFile(i, f)}
}

// whichFile is the data of an upload's other failures: which file.
func whichFile(i int, f File) RawJSON {
	return members{{"fileIndex", jint(i)}, {"fileName", jstr(f.Name)}}.appendJSON(nil)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// progress turns the body's bytes sent into the file's, forward only.
type progress struct {
	fn   UploadProgress
	size int64
	skip int64 // body bytes before the file's

	mu   sync.Mutex
	last int64
}

// body takes the doer's (sent, total) of the request body: the file's
// bytes are the base64 ones after the prefix, 3 for every 4.
func (p *progress) body(sent, _ int64) {
	n := (sent - p.skip) / 4 * 3
	p.report(min(max(n, 0), p.size))
}

func (p *progress) done() { p.report(p.size) }

func (p *progress) report(n int64) {
	if p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if n <= p.last && !(n == 0 && p.last == 0 && p.size == 0) {
		return
	}
	p.last = n
	if p.size == 0 {
		p.last = 1 // report an empty file once
	}
	p.fn(n, p.size)
}

// SendFiles checks every file against the channel's restrictions, uploads
// them (at most o.Parallel at once) and sends them as one message, in the
// order given. Nothing is uploaded when a file is refused, and nothing is
// sent when an upload fails: the error is that file's (an
// UploadAttachmentError names it in its data). When ctx ends, the uploads
// under way are cancelled and waited for, and no message is sent.
func (t *Thread) SendFiles(ctx context.Context, files []File, o *SendFilesOptions) (*Event, error) {
	const op = "sendAttachments"
	if len(files) == 0 {
		return nil, invalidArg(op, "FileList must be provided to sendAttachment method")
	}
	for _, f := range files {
		if err := checkFile(op, f); err != nil {
			return nil, err
		}
	}
	if o == nil {
		o = &SendFilesOptions{}
	}
	c := t.c
	if r, err := c.FileRestrictions(ctx); err == nil {
		for i, f := range files {
			if why := r.Check(f); why != "" {
				return nil, refusal(op, i, f, why, r.response)
			}
		}
	} else if ctx.Err() != nil {
		return nil, ctxError(op, ctx.Err())
	}
	uploaded, err := c.uploadAll(ctx, op, files, o)
	if err != nil {
		return nil, err
	}
	return t.SendAttachments(ctx, uploaded, &SendOptions{MessageID: o.MessageID})
}

// uploadAll uploads files with at most o.Parallel under way and returns
// them in the given order. The first failure cancels the rest; it returns
// only when every upload it started has ended.
func (c *Client) uploadAll(parent context.Context, op string, files []File, o *SendFilesOptions) ([]Attachment, error) {
	limit := o.Parallel
	if limit <= 0 {
		limit = 3
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	out := make([]Attachment, len(files))
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	sem := make(chan struct{}, limit)
loop:
	for i, f := range files {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			break loop
		}
		var fn UploadProgress
		if o.OnProgress != nil {
			fn = func(loaded, total int64) { o.OnProgress(i, loaded, total) }
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			a, err := c.upload(ctx, op, i, f, fn)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				return
			}
			out[i] = a
		}()
	}
	wg.Wait()
	if parent.Err() != nil {
		return nil, ctxError(op, parent.Err())
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}

// SendAttachments sends uploaded files as one message with empty text.
func (t *Thread) SendAttachments(ctx context.Context, files []Attachment, o *SendOptions) (*Event, error) {
	if len(files) == 0 {
		return nil, invalidArg("sendAttachments", "FileList must be provided to sendAttachment method")
	}
	// Sorted keys: this was a map.
	d := members{
		{"attachments", attachmentList(files)},
		{"browserFingerprint", t.c.opts.Fingerprint},
		{"consumer", customFields{[]RawJSON{}}},
		{"consumerContact", customFields{[]RawJSON{}}},
	}
	if o != nil && o.MessageID != "" {
		d = append(d, member{"idOnExternalPlatform", jstr(o.MessageID)})
	}
	d = append(d, member{"messageContent", messageContent{Type: "TEXT", Payload: textPayload{Text: ""}}}, member{"thread", threadRef{t.id}})
	return t.sendMessage(ctx, "sendAttachments", "SendMessage", d.appendJSON(nil))
}

// PersistentMenuItems fetches the channel's persistent menu.
func (c *Client) PersistentMenuItems(ctx context.Context) (RawJSON, error) {
	return c.getJSON(ctx, "getPersistentMenuItems", c.channelPath()+"/persistent-menu-items")
}

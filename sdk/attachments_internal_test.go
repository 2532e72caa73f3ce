package sdk

import "testing"

// TestFileRestrictionsCheck: the channel info's fileRestrictions, in the
// forms channels give them, allow and refuse what they say; what is absent
// or malformed refuses nothing (the upload route still decides).
func TestFileRestrictionsCheck(t *testing.T) {
	pdf := File{Name: "Report.PDF", Type: "application/pdf", Size: 3 << 20}
	png := File{Name: "a.png", Type: "image/png", Size: 10}
	bare := File{Name: "notes.txt", Type: "", Size: 10}
	for _, tc := range []struct {
		info string
		file File
		want string
	}{
		{`{"settings":{"fileRestrictions":{"allowedFileSize":"40","allowedFileTypes":[{"mimeType":"image/*"},{"mimeType":"application/pdf"}],"isAttachmentsEnabled":true}}}`, pdf, ""},
		{`{"settings":{"fileRestrictions":{"allowedFileSize":"2","allowedFileTypes":[],"isAttachmentsEnabled":true}}}`, pdf, RefusedSize},
		{`{"settings":{"fileRestrictions":{"allowedFileSize":2.5,"isAttachmentsEnabled":true}}}`, pdf, RefusedSize},
		{`{"settings":{"fileRestrictions":{"allowedFileSize":"3","isAttachmentsEnabled":true}}}`, pdf, ""},
		{`{"settings":{"fileRestrictions":{"allowedFileTypes":[{"mimeType":"image/*"}]}}}`, pdf, RefusedType},
		{`{"settings":{"fileRestrictions":{"allowedFileTypes":[{"mimeType":"IMAGE/*"}]}}}`, png, ""},
		{`{"settings":{"fileRestrictions":{"allowedFileTypes":[{"mimeType":".pdf"}]}}}`, pdf, ""},
		{`{"settings":{"fileRestrictions":{"allowedFileTypes":[{"mimeType":"image/*"}]}}}`, bare, RefusedType},
		{`{"settings":{"fileRestrictions":{"allowedFileTypes":[{"mimeType":"*/*"}]}}}`, bare, ""},
		{`{"settings":{"fileRestrictions":{"isAttachmentsEnabled":false}}}`, png, RefusedDisabled},
		{`{"settings":{"isAttachmentsEnabled":false}}`, png, RefusedDisabled},
		{`{"settings":{"isAttachmentsEnabled":false,"fileRestrictions":{"isAttachmentsEnabled":true}}}`, png, ""},
		{`{"settings":{"fileRestrictions":{"allowedFileSize":"lots","allowedFileTypes":"any"}}}`, pdf, ""},
		{`not json`, pdf, ""},
	} {
		r := parseFileRestrictions([]byte(tc.info))
		if got := r.Check(tc.file); got != tc.want {
			t.Errorf("%s with %s: %q, want %q", tc.info, tc.file.Name, got, tc.want)
		}
		if !validJSON(r.response) {
			t.Errorf("%s: response %s", tc.info, r.response)
		}
	}
}

// TestAppendBase64 matches encoding/base64 on every tail length.
func TestAppendBase64(t *testing.T) {
	for in, want := range map[string]string{"": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "\xff\xfe\xfd\x00": "//79AA=="} {
		if got := string(appendBase64(nil, []byte(in))); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func validJSON(b []byte) bool { return len(b) > 0 && b[0] == '{' }

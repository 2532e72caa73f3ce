package sdk

import "strings"

// browserTokens are user-agent product tokens, most specific first.
var browserTokens = []struct{ token, name string }{
	{"Edg/", "Edge"}, {"EdgA/", "Edge"}, {"EdgiOS/", "Edge"},
	{"OPR/", "Opera"},
	{"Firefox/", "Firefox"}, {"FxiOS/", "Firefox"},
	{"HeadlessChrome/", "Chrome Headless"},
	{"Chrome/", "Chrome"}, {"CriOS/", "Chrome"},
}

var windowsVersions = map[string]string{"10.0": "10", "6.3": "8.1", "6.2": "8", "6.1": "7"}

// after returns the run of characters in chars that follows token in s.
func after(s, token, chars string) (string, bool) {
	i := strings.Index(s, token)
	if i < 0 {
		return "", false
	}
	s = s[i+len(token):]
	n := 0
	for n < len(s) && strings.IndexByte(chars, s[n]) >= 0 {
		n++
	}
	return s[:n], true
}

const (
	digits   = "0123456789."
	digitsU  = "0123456789._"
	wordChar = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
)

// FingerprintFromBrowser builds the browserFingerprint of a browser from its
// user agent, language (navigator.language) and time zone. Unknown parts are
// null, as the reference sends them.
func FingerprintFromBrowser(userAgent, language, timeZone string) Fingerprint {
	f := Fingerprint{Language: language, Location: timeZone, DeviceType: "desktop", ApplicationType: "browser"}
	str := func(s string) *string { return &s }
	for _, b := range browserTokens {
		if v, ok := after(userAgent, b.token, digits); ok {
			f.Browser, f.BrowserVersion = str(b.name), str(v)
			break
		}
	}
	if f.Browser == nil && strings.Contains(userAgent, "Safari/") {
		if v, ok := after(userAgent, "Version/", digits); ok {
			name := "Safari"
			if strings.Contains(userAgent, "Mobile") {
				name = "Mobile Safari"
			}
			f.Browser, f.BrowserVersion = str(name), str(v)
		}
	}
	if v, ok := after(userAgent, "Windows NT ", digits); ok {
		if w, known := windowsVersions[v]; known {
			v = w
		}
		f.OS, f.OSVersion = str("Windows"), str(v)
	} else if v, ok := after(userAgent, "iPhone OS ", digitsU); ok {
		f.OS, f.OSVersion = str("iOS"), str(strings.ReplaceAll(v, "_", "."))
	} else if v, ok := after(userAgent, "CPU OS ", digitsU); ok {
		f.OS, f.OSVersion = str("iOS"), str(strings.ReplaceAll(v, "_", "."))
	} else if v, ok := after(userAgent, "Mac OS X ", digitsU); ok {
		f.OS, f.OSVersion = str("macOS"), str(strings.ReplaceAll(v, "_", "."))
	} else if v, ok := after(userAgent, "Android ", digits); ok {
		f.OS, f.OSVersion = str("Android"), str(v)
	} else if v, ok := after(userAgent, "Linux ", wordChar); ok {
		f.OS, f.OSVersion = str("Linux"), str(v)
	}
	switch {
	case strings.Contains(userAgent, "iPad") || strings.Contains(userAgent, "Tablet"):
		f.DeviceType = "tablet"
	case strings.Contains(userAgent, "Mobi") || strings.Contains(userAgent, "iPhone"):
		f.DeviceType = "mobile"
	}
	return f
}

package sdk

import (
	"regexp"
	"strings"
)

var (
	reBrowsers = []struct {
		name string
		re   *regexp.Regexp
	}{
		{"Edge", regexp.MustCompile(`Edg(?:e|A|iOS)?/([\d.]+)`)},
		{"Opera", regexp.MustCompile(`OPR/([\d.]+)`)},
		{"Firefox", regexp.MustCompile(`Firefox/([\d.]+)`)},
		{"Chrome Headless", regexp.MustCompile(`HeadlessChrome/([\d.]+)`)},
		{"Chrome", regexp.MustCompile(`(?:Chrome|CriOS)/([\d.]+)`)},
		{"Mobile Safari", regexp.MustCompile(`Version/([\d.]+).*Mobile.*Safari/`)},
		{"Safari", regexp.MustCompile(`Version/([\d.]+).*Safari/`)},
	}
	reWindows = regexp.MustCompile(`Windows NT ([\d.]+)`)
	reMac     = regexp.MustCompile(`Mac OS X ([\d_.]+)`)
	reIOS     = regexp.MustCompile(`(?:iPhone|CPU) OS ([\d_]+)`)
	reAndroid = regexp.MustCompile(`Android ([\d.]+)`)
	reLinux   = regexp.MustCompile(`Linux (\w+)`)
)

var windowsVersions = map[string]string{"10.0": "10", "6.3": "8.1", "6.2": "8", "6.1": "7"}

// FingerprintFromBrowser builds the browserFingerprint of a browser from its
// user agent, language (navigator.language) and time zone.
func FingerprintFromBrowser(userAgent, language, timeZone string) Fingerprint {
	f := Fingerprint{Language: language, Location: timeZone, DeviceType: "desktop", ApplicationType: "browser"}
	str := func(s string) *string { return &s }
	for _, b := range reBrowsers {
		if m := b.re.FindStringSubmatch(userAgent); m != nil {
			f.Browser, f.BrowserVersion = str(b.name), str(m[1])
			break
		}
	}
	switch {
	case reWindows.MatchString(userAgent):
		v := reWindows.FindStringSubmatch(userAgent)[1]
		if w, ok := windowsVersions[v]; ok {
			v = w
		}
		f.OS, f.OSVersion = str("Windows"), str(v)
	case reIOS.MatchString(userAgent):
		f.OS, f.OSVersion = str("iOS"), str(strings.ReplaceAll(reIOS.FindStringSubmatch(userAgent)[1], "_", "."))
	case reMac.MatchString(userAgent):
		f.OS, f.OSVersion = str("macOS"), str(strings.ReplaceAll(reMac.FindStringSubmatch(userAgent)[1], "_", "."))
	case reAndroid.MatchString(userAgent):
		f.OS, f.OSVersion = str("Android"), str(reAndroid.FindStringSubmatch(userAgent)[1])
	case reLinux.MatchString(userAgent):
		f.OS, f.OSVersion = str("Linux"), str(reLinux.FindStringSubmatch(userAgent)[1])
	}
	switch {
	case strings.Contains(userAgent, "iPad") || strings.Contains(userAgent, "Tablet"):
		f.DeviceType = "tablet"
	case strings.Contains(userAgent, "Mobi") || strings.Contains(userAgent, "iPhone"):
		f.DeviceType = "mobile"
	}
	return f
}

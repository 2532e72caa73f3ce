package sdk

import "time"

// isoMillis writes t in UTC as 2006-01-02T15:04:05.000Z (the reference's
// Date.toISOString) without time.Format, whose layout machinery is
// otherwise only kept in the wasm for this one use. timefmt_test.go checks
// it against time.Format (and the expanded years against toISOString's
// form).
func isoMillis(t time.Time) string {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	ms := t.Nanosecond() / 1e6
	b := make([]byte, 0, 27)
	switch {
	case y > 9999: // toISOString's expanded years: +YYYYYY, -YYYYYY
		b = appendPad(append(b, '+'), y, 6)
	case y < 0:
		b = appendPad(append(b, '-'), -y, 6)
	default:
		b = appendPad(b, y, 4)
	}
	b = append(b, '-')
	b = appendPad(b, int(mo), 2)
	b = append(b, '-')
	b = appendPad(b, d, 2)
	b = append(b, 'T')
	b = appendPad(b, h, 2)
	b = append(b, ':')
	b = appendPad(b, mi, 2)
	b = append(b, ':')
	b = appendPad(b, s, 2)
	b = append(b, '.')
	b = appendPad(b, ms, 3)
	return string(append(b, 'Z'))
}

func appendPad(b []byte, n, width int) []byte {
	var d [6]byte
	for i := width - 1; i >= 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, d[:width]...)
}

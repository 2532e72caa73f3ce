package sdk

import (
	"errors"
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// A tree is one JSON text decoded into a flat tape of nodes, one per value
// (object keys included), in document order. A container's children follow
// it; its node says where its subtree ends, so siblings are skipped in one
// step. Nodes keep byte offsets into src, so the raw text of any value is a
// slice of the input: nothing is copied or re-encoded to hand a value on.
//
// It is built in one iterative pass (no recursion, whatever the nesting:
// the browser's wasm stack is small), and the limits below are checked
// before the work they bound is done.
type tree struct {
	src []byte
	n   []node
}

type node struct {
	start, end int32 // the value's bytes: src[start:end]
	next       int32 // the index of the node after this value's subtree
	kind       jsonKind
	esc        bool // a string with backslash escapes
}

type jsonKind uint8

const (
	kindNull jsonKind = iota
	kindFalse
	kindTrue
	kindNumber
	kindString
	kindObject
	kindArray
)

// Limits of one decoded JSON text. Depth is encoding/json's limit, so the
// two accept the same texts; values bound the tape (16 bytes a value) for
// a frame of MaxFrameSize made of tiny values.
const (
	maxJSONDepth  = 10000
	maxJSONValues = 1 << 19
)

var (
	errBadJSON     = errors.New("invalid JSON")
	errJSONTooDeep = errors.New("JSON nested too deeply")
	errJSONTooBig  = errors.New("JSON has too many values")
)

// parseTree decodes src, which must hold exactly one JSON value, into a
// tree of its own. The tape is built in readTree's scratch slice and copied
// to one of its exact length: a frame's tree lives as long as its event,
// and an estimate made from the text's length (a value takes at least two
// of its bytes) would allocate and clear half again what a typical frame
// needs (BenchmarkInboundMessage).
func parseTree(src []byte) (*tree, error) {
	t, sp, err := parseScratch(src)
	var out *tree
	if err == nil {
		out = &tree{src: src, n: append([]node(nil), t.n...)}
	}
	release(sp, t.n)
	return out, err
}

// readTree parses src into a scratch tape, calls read with the tree (when
// src is valid) and gives the tape back: no copy is made for callers that
// only read a value out (a check, a string, an object's members as slices
// of src). read must not keep t, nor any node of it, after it returns.
func readTree(src []byte, read func(t *tree)) error {
	t, sp, err := parseScratch(src)
	if err == nil && read != nil {
		read(&t)
	}
	release(sp, t.n)
	return err
}

// parseScratch parses src into a tape taken from tapes; release gives it back.
func parseScratch(src []byte) (tree, *[]node, error) {
	sp := tapes.Get().(*[]node)
	t := tree{src: src, n: (*sp)[:0]}
	if len(src) > 1<<30 {
		return t, sp, errJSONTooBig
	}
	err := t.parse()
	return t, sp, err
}

func release(sp *[]node, scratch []node) {
	if cap(scratch) <= maxPooledTape {
		*sp = scratch[:0]
		tapes.Put(sp)
	}
}

// tapes holds readTree's scratch tapes; one larger than maxPooledTape
// values (a rare large frame's) is left to the garbage collector.
var tapes = sync.Pool{New: func() any { s := make([]node, 0, 256); return &s }}

const maxPooledTape = 1 << 14

func (t *tree) parse() error {
	src := t.src
	pos := skipSpace(src, 0)
	var open [32]int32
	stack := open[:0] // the open containers (on the heap only when deeper)
	for {
		// A value starts at pos.
		if pos >= len(src) {
			return errBadJSON
		}
		if len(t.n) >= maxJSONValues {
			return errJSONTooBig
		}
		idx := int32(len(t.n))
		switch c := src[pos]; {
		case c == '{' || c == '[':
			if len(stack) >= maxJSONDepth {
				return errJSONTooDeep
			}
			k := kindArray
			if c == '{' {
				k = kindObject
			}
			t.n = append(t.n, node{start: int32(pos), kind: k})
			stack = append(stack, idx)
			pos = skipSpace(src, pos+1)
			if pos < len(src) && (src[pos] == '}' && k == kindObject || src[pos] == ']' && k == kindArray) {
				break // closed below
			}
			if k == kindObject {
				var err error
				if pos, err = t.key(pos); err != nil {
					return err
				}
			}
			continue
		case c == '"':
			end, esc, err := scanString(src, pos)
			if err != nil {
				return err
			}
			t.n = append(t.n, node{start: int32(pos), end: int32(end), next: idx + 1, kind: kindString, esc: esc})
			pos = end
		case c == '-' || (c >= '0' && c <= '9'):
			end := scanNumber(src, pos)
			if end < 0 {
				return errBadJSON
			}
			t.n = append(t.n, node{start: int32(pos), end: int32(end), next: idx + 1, kind: kindNumber})
			pos = end
		default:
			var k jsonKind
			var word string
			switch c {
			case 't':
				k, word = kindTrue, "true"
			case 'f':
				k, word = kindFalse, "false"
			case 'n':
				k, word = kindNull, "null"
			default:
				return errBadJSON
			}
			if len(src)-pos < len(word) || string(src[pos:pos+len(word)]) != word {
				return errBadJSON
			}
			t.n = append(t.n, node{start: int32(pos), end: int32(pos + len(word)), next: idx + 1, kind: k})
			pos += len(word)
		}
		// After a value: close containers, or go on to the next member.
		for {
			if len(stack) == 0 {
				if skipSpace(src, pos) != len(src) {
					return errBadJSON
				}
				return nil
			}
			top := stack[len(stack)-1]
			pos = skipSpace(src, pos)
			if pos >= len(src) {
				return errBadJSON
			}
			closer := byte(']')
			if t.n[top].kind == kindObject {
				closer = '}'
			}
			if src[pos] == closer {
				pos++
				t.n[top].end = int32(pos)
				t.n[top].next = int32(len(t.n))
				stack = stack[:len(stack)-1]
				continue
			}
			if src[pos] != ',' || int32(len(t.n)) == top+1 {
				return errBadJSON
			}
			pos = skipSpace(src, pos+1)
			if t.n[top].kind == kindObject {
				var err error
				if pos, err = t.key(pos); err != nil {
					return err
				}
			}
			break
		}
	}
}

// key reads `"key" :` at pos and returns where the value starts.
func (t *tree) key(pos int) (int, error) {
	src := t.src
	if pos >= len(src) || src[pos] != '"' {
		return 0, errBadJSON
	}
	if len(t.n) >= maxJSONValues {
		return 0, errJSONTooBig
	}
	end, esc, err := scanString(src, pos)
	if err != nil {
		return 0, err
	}
	idx := int32(len(t.n))
	t.n = append(t.n, node{start: int32(pos), end: int32(end), next: idx + 1, kind: kindString, esc: esc})
	pos = skipSpace(src, end)
	if pos >= len(src) || src[pos] != ':' {
		return 0, errBadJSON
	}
	return skipSpace(src, pos+1), nil
}

func skipSpace(b []byte, pos int) int {
	for pos < len(b) {
		switch b[pos] {
		case ' ', '\t', '\n', '\r':
			pos++
		default:
			return pos
		}
	}
	return pos
}

// scanString checks the string whose opening quote is at pos and returns
// the index after its closing quote.
func scanString(b []byte, pos int) (end int, esc bool, err error) {
	pos++
	for pos < len(b) {
		c := b[pos]
		switch {
		case c == '"':
			return pos + 1, esc, nil
		case c < 0x20:
			return 0, false, errBadJSON
		case c == '\\':
			esc = true
			pos++
			if pos >= len(b) {
				return 0, false, errBadJSON
			}
			switch b[pos] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				pos++
			case 'u':
				if len(b)-pos < 5 || !isHex(b[pos+1]) || !isHex(b[pos+2]) || !isHex(b[pos+3]) || !isHex(b[pos+4]) {
					return 0, false, errBadJSON
				}
				pos += 5
			default:
				return 0, false, errBadJSON
			}
		default:
			pos++
		}
	}
	return 0, false, errBadJSON
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// scanNumber returns the end of -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
// at pos, or -1.
func scanNumber(b []byte, pos int) int {
	digits := func() int {
		n := 0
		for pos < len(b) && b[pos] >= '0' && b[pos] <= '9' {
			pos++
			n++
		}
		return n
	}
	if pos < len(b) && b[pos] == '-' {
		pos++
	}
	if pos < len(b) && b[pos] == '0' {
		pos++
	} else if digits() == 0 {
		return -1
	}
	if pos < len(b) && b[pos] == '.' {
		pos++
		if digits() == 0 {
			return -1
		}
	}
	if pos < len(b) && (b[pos] == 'e' || b[pos] == 'E') {
		pos++
		if pos < len(b) && (b[pos] == '+' || b[pos] == '-') {
			pos++
		}
		if digits() == 0 {
			return -1
		}
	}
	return pos
}

// raw is the text of node i (nil for -1).
func (t *tree) raw(i int32) []byte {
	if i < 0 {
		return nil
	}
	n := &t.n[i]
	return t.src[n.start:n.end:n.end]
}

func (t *tree) kind(i int32) jsonKind {
	if i < 0 {
		return kindNull
	}
	return t.n[i].kind
}

func (t *tree) isObject(i int32) bool { return i >= 0 && t.n[i].kind == kindObject }

// str returns the value of string node i; ok is false for other nodes.
func (t *tree) str(i int32) (string, bool) {
	if i < 0 || t.n[i].kind != kindString {
		return "", false
	}
	n := &t.n[i]
	inner := t.src[n.start+1 : n.end-1]
	if !n.esc && utf8.Valid(inner) {
		return string(inner), true
	}
	return unquote(inner), true
}

// text is node i as a JS template would show it: a string's value, ""
// for null or absent, the JSON text of anything else (a number's digits).
func (t *tree) text(i int32) string {
	if s, ok := t.str(i); ok {
		return s
	}
	if i < 0 || t.n[i].kind == kindNull {
		return ""
	}
	return string(t.raw(i))
}

// keyIs reports whether string node k reads key.
func (t *tree) keyIs(k int32, key string) bool {
	n := &t.n[k]
	if !n.esc {
		inner := t.src[n.start+1 : n.end-1]
		return string(inner) == key // invalid UTF-8 never equals a Go literal key
	}
	s, _ := t.str(k)
	return s == key
}

// get returns the value node of key in object obj (the last one when
// repeated, as JSON.parse keeps), or -1.
func (t *tree) get(obj int32, key string) int32 {
	if !t.isObject(obj) {
		return -1
	}
	found := int32(-1)
	for k := obj + 1; k < t.n[obj].next; {
		v := k + 1
		if t.keyIs(k, key) {
			found = v
		}
		k = t.n[v].next
	}
	return found
}

// path follows keys from node i through nested objects.
func (t *tree) path(i int32, keys ...string) int32 {
	for _, k := range keys {
		i = t.get(i, k)
	}
	return i
}

// members calls fn for each key and value node of object obj, in order.
func (t *tree) members(obj int32, fn func(k, v int32)) {
	if !t.isObject(obj) {
		return
	}
	for k := obj + 1; k < t.n[obj].next; {
		v := k + 1
		fn(k, v)
		k = t.n[v].next
	}
}

// elems calls fn for each element node of array arr.
func (t *tree) elems(arr int32, fn func(v int32)) {
	if arr < 0 || t.n[arr].kind != kindArray {
		return
	}
	for v := arr + 1; v < t.n[arr].next; v = t.n[v].next {
		fn(v)
	}
}

// count is the number of members (or elements) of container i.
func (t *tree) count(i int32) int {
	if i < 0 || (t.n[i].kind != kindObject && t.n[i].kind != kindArray) {
		return 0
	}
	c := 0
	for v := i + 1; v < t.n[i].next; v = t.n[v].next {
		c++
	}
	if t.n[i].kind == kindObject {
		c /= 2
	}
	return c
}

// unquote decodes the inside of a valid JSON string as encoding/json does:
// invalid UTF-8 and unpaired surrogates become U+FFFD.
func unquote(s []byte) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' {
			i++
			switch s[i] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := rune(hex4(s[i+1 : i+5]))
				i += 5
				if utf16.IsSurrogate(r) {
					if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' && isHex(s[i+2]) && isHex(s[i+3]) && isHex(s[i+4]) && isHex(s[i+5]) {
						if r2 := utf16.DecodeRune(r, rune(hex4(s[i+2:i+6]))); r2 != utf8.RuneError {
							b = utf8.AppendRune(b, r2)
							i += 6
							continue
						}
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
				continue
			default: // " \ /
				b = append(b, s[i])
			}
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = utf8.AppendRune(b, utf8.RuneError)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

func hex4(h []byte) int {
	n, _ := strconv.ParseUint(string(h), 16, 32)
	return int(n)
}

// appendQuoted writes s as a JSON string. Invalid UTF-8 becomes U+FFFD, as
// encoding/json writes it; <, > and & stay as they are (JSON.stringify's
// form: the text goes to JSON.parse, never into HTML).
func appendQuoted(b []byte, s string) []byte { return appendJSONString(b, s, false) }

// appendJSONString writes s as a JSON string: " and \ escaped, \n \r \t
// short, other control bytes as \u00XX, U+2028 and U+2029 as \u escapes,
// invalid UTF-8 as \ufffd. asMarshal adds what encoding/json's Marshal
// does beyond that (appendString): <, > and & as \u escapes, \b and \f
// short.
func appendJSONString(b []byte, s string, asMarshal bool) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!asMarshal || (c != '<' && c != '>' && c != '&')) {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case asMarshal && c == '\b':
				b = append(b, '\\', 'b')
			case asMarshal && c == '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// quoted is appendQuoted into a new slice.
func quoted(s string) []byte { return appendQuoted(nil, s) }

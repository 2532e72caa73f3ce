package sdk

import (
	"encoding/json"
	"testing"
)

// TestSplitName: the reference's splitName (name.split(' '): the first
// element, then the rest joined with ' ') on the inputs where a naive
// split would differ.
func TestSplitName(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, first, last string }{
		{"Ann Example", "Ann", "Example"},
		{"Ann", "Ann", ""},
		{"Mary Ann Smith", "Mary", "Ann Smith"},
		{"Mary Ann  Smith", "Mary", "Ann  Smith"},
		{" Ann", "", "Ann"},
		{"Ann ", "Ann", ""},
		{"Jean\tLuc Picard", "Jean\tLuc", "Picard"}, // only spaces split
		{"Zoë Ångström", "Zoë", "Ångström"},
	} {
		f, l := SplitName(c.in)
		if f != c.first || l != c.last {
			t.Errorf("SplitName(%q) = %q, %q; want %q, %q", c.in, f, l, c.first, c.last)
		}
	}
}

// TestIdentityOnTheWire: consumerIdentity as the reference's
// createCustomerIdentityPayload builds it: a name only when not empty, split;
// an image only when set; SetID changes the id, "" does not.
func TestIdentityOnTheWire(t *testing.T) {
	t.Parallel()
	cu := &Customer{id: "c-1"}
	enc := func() string { b, _ := json.Marshal(cu.identity()); return string(b) }
	if got := enc(); got != `{"idOnExternalPlatform":"c-1"}` {
		t.Fatalf("no name: %s", got)
	}
	cu.SetName("Mary Ann Smith")
	cu.SetImage("https://example.invalid/m.png")
	if got := enc(); got != `{"idOnExternalPlatform":"c-1","firstName":"Mary","lastName":"Ann Smith","image":"https://example.invalid/m.png"}` {
		t.Fatalf("named: %s", got)
	}
	cu.SetName("Ann")
	if got := enc(); got != `{"idOnExternalPlatform":"c-1","firstName":"Ann","lastName":"","image":"https://example.invalid/m.png"}` {
		t.Fatalf("one word: %s", got)
	}
	cu.SetID("c-2")
	cu.SetID("")
	cu.SetName("")
	cu.SetImage("")
	if got := enc(); got != `{"idOnExternalPlatform":"c-2"}` {
		t.Fatalf("cleared: %s", got)
	}
}

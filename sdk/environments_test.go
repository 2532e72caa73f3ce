package sdk

import "testing"

// TestResolveEndpoints covers every region's DNS suffix and custom.
func TestResolveEndpoints(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		"AE1": "nicecxone.com", "AU1": "niceincontact.com", "AU2": "nicecxone-sov1.au", "CA1": "niceincontact.com",
		"EU1": "niceincontact.com", "EU2": "nicecxone-sov1.eu", "JO1": "nicecxone.com", "JP1": "niceincontact.com",
		"KR1": "nicecxone.com", "NA1": "niceincontact.com", "NA2": "nicecxone-gov.com", "UK1": "niceincontact.com",
		"UK2": "nicecxone-sov1.uk", "ZA1": "nicecxone.com",
	}
	if len(Regions()) != len(want) {
		t.Fatalf("%d regions, want %d", len(Regions()), len(want))
	}
	for _, r := range Regions() {
		ep, err := ResolveEndpoints(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		l := map[string]string{"AE1": "ae1", "AU1": "au1", "AU2": "au2", "CA1": "ca1", "EU1": "eu1", "EU2": "eu2", "JO1": "jo1", "JP1": "jp1", "KR1": "kr1", "NA1": "na1", "NA2": "na2", "UK1": "uk1", "UK2": "uk2", "ZA1": "za1"}[r]
		if ep.Chat != "https://channels-de-"+l+"."+want[r] || ep.Gateway != "wss://chat-gw-de-"+l+"."+want[r] || ep.Authorize != "https://digital-oauth-de-"+l+"."+want[r] || ep.Name != r {
			t.Errorf("%s: %+v", r, ep)
		}
	}
	custom := &Endpoints{Name: "x", Chat: "http://127.0.0.1:1", Gateway: "ws://127.0.0.1:1/gw", Authorize: "http://127.0.0.1:1/auth"}
	if ep, err := ResolveEndpoints("custom", custom); err != nil || ep != *custom {
		t.Fatalf("custom: %+v %v", ep, err)
	}
	if _, err := ResolveEndpoints("custom", nil); err == nil {
		t.Fatal("custom without endpoints must fail")
	}
	if _, err := ResolveEndpoints("custom", &Endpoints{Chat: "not a url", Gateway: "ws://h/gw"}); err == nil {
		t.Fatal("custom with a relative chat URL must fail")
	}
}

// TestSocketURL: the query in the reference's order, as captured.
func TestSocketURL(t *testing.T) {
	t.Parallel()
	c, err := New(&Options{BrandID: 1086, ChannelID: "chat_abc", CustomerID: "cust-1", VisitorID: "vis-1", Environment: "custom",
		CustomEnvironment: &Endpoints{Chat: "http://127.0.0.1:9911", Gateway: "ws://127.0.0.1:9911/gw"}})
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.socketURL("")
	if err != nil {
		t.Fatal(err)
	}
	// vectors/v1-reference-3.3.0-frames.jsonl (ws-open): 3.3.0 sends a visitor id.
	if want := "ws://127.0.0.1:9911/gw?v=0&sdkPlatform=web&sdkVersion=" + Version + "&brandId=1086&channelId=chat_abc&customerId=cust-1&visitorId=vis-1"; u != want {
		t.Fatalf("got  %s\nwant %s", u, want)
	}
}

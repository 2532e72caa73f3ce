package sdk

// Decoders of the authorize service's answers and of the gateway's
// authorization replies (PROTOCOL.md §6), written for the one-pass tree
// (issue 9). Each accepts what encoding/json's Unmarshal accepted into the
// struct it replaces, and refuses the text where Unmarshal failed: a
// member of the wrong type anywhere in the shape fails it all
// (FuzzAuthWire compares the two).

// strict reads nodes as Unmarshal fills fields, and remembers any
// mismatch in ok.
type strict struct {
	t  *tree
	ok bool
}

func newStrict(raw []byte) (strict, int32) {
	t, root := parseRaw(raw)
	s := strict{t, root >= 0}
	s.object(root)
	return s, root
}

func (s *strict) str(i int32) string {
	v, ok := s.t.asString(i)
	s.ok = s.ok && ok
	return v
}

func (s *strict) num(i int32) float64 {
	v, ok := s.t.asFloat(i)
	s.ok = s.ok && ok
	return v
}

func (s *strict) boolean(i int32) bool {
	switch s.t.kind(i) {
	case kindTrue:
		return true
	case kindFalse, kindNull:
		return false
	}
	s.ok = false
	return false
}

// object reports whether node i is an object (a pointer field is set);
// anything but an object or null is a mismatch.
func (s *strict) object(i int32) bool {
	s.ok = s.ok && s.t.fits(i, kindObject)
	return s.t.isObject(i)
}

// fields reads {customFields: [{ident, value}]} in object obj.
func (s *strict) fields(obj int32) []CustomField {
	arr := s.t.get(obj, "customFields")
	s.ok = s.ok && s.t.fits(arr, kindArray)
	var out []CustomField
	s.t.elems(arr, func(v int32) {
		s.object(v)
		out = append(out, CustomField{s.str(s.t.get(v, "ident")), s.str(s.t.get(v, "value"))})
	})
	return out
}

func (s *strict) identity(i int32) *wireIdentity {
	if !s.object(i) {
		return nil
	}
	g := func(k string) string { return s.str(s.t.get(i, k)) }
	return &wireIdentity{g("idOnExternalPlatform"), g("firstName"), g("lastName"), g("image")}
}

func (s *strict) thirdParty(i int32) *thirdPartyToken {
	if !s.object(i) {
		return nil
	}
	g := func(k string) string { return s.str(s.t.get(i, k)) }
	return &thirdPartyToken{AccessToken: g("access_token"), RefreshToken: g("refresh_token"), ExpiresIn: s.num(s.t.get(i, "expires_in")), TokenType: g("token_type")}
}

// parseTransaction reads the authorize service's answer.
func parseTransaction(raw []byte) (transactionResponse, bool) {
	s, root := newStrict(raw)
	t := s.t
	var tr transactionResponse
	tr.AccessToken = s.str(t.get(root, "accessToken"))
	tr.ExpiresIn = s.num(t.get(root, "expiresIn"))
	tr.CustomerIdentity = s.identity(t.get(root, "customerIdentity"))
	tr.ThirdParty = s.thirdParty(t.get(root, "thirdParty"))
	if c := t.get(root, "contact"); s.object(c) {
		tr.Contact = &struct {
			CustomFields []CustomField `json:"customFields"`
		}{s.fields(c)}
	}
	tr.IdentityToken = s.str(t.get(root, "identityToken"))
	return tr, s.ok
}

// parseThirdPartyRefresh reads {thirdParty} of a refresh's answer.
func parseThirdPartyRefresh(raw []byte) (*thirdPartyToken, bool) {
	s, root := newStrict(raw)
	tp := s.thirdParty(s.t.get(root, "thirdParty"))
	return tp, s.ok
}

// parseServiceError reads the authorize service's error body; members of
// the wrong type read as empty (the old code ignored Unmarshal's error).
func parseServiceError(raw []byte) authServiceError {
	t, root := parseRaw(raw)
	g := func(k string) string { v, _ := t.asString(t.get(root, k)); return v }
	return authServiceError{g("errorCode"), g("errorMessage"), g("error"), g("error_description")}
}

// accessTokenOf reads data.accessToken {token, expiresIn}: present is
// whether accessToken is an object.
func (s *strict) accessTokenOf(obj int32) (token string, expiresIn float64, present bool) {
	a := s.t.get(obj, "accessToken")
	if !s.object(a) {
		return "", 0, false
	}
	return s.str(s.t.get(a, "token")), s.num(s.t.get(a, "expiresIn")), true
}

// authorizedReply is ConsumerAuthorized's data.
type authorizedReply struct {
	Status           string
	ConsumerIdentity *wireIdentity
	CustomerFields   []CustomField
	ContactFields    []CustomField
	Token            string
	ExpiresIn        float64
}

func parseAuthorized(raw []byte) (authorizedReply, bool) {
	s, root := newStrict(raw)
	t := s.t
	var d authorizedReply
	d.Status = s.str(t.get(root, "status"))
	d.ConsumerIdentity = s.identity(t.get(root, "consumerIdentity"))
	if c := t.get(root, "customer"); s.object(c) {
		d.CustomerFields = s.fields(c)
	}
	if c := t.get(root, "contact"); s.object(c) {
		d.ContactFields = s.fields(c)
	}
	d.Token, d.ExpiresIn, _ = s.accessTokenOf(root)
	return d, s.ok
}

// parseAuthInfo reads the two flags of a ChannelInfo authorize needs.
func parseAuthInfo(raw []byte) (enabled, livechat, ok bool) {
	s, root := newStrict(raw)
	enabled = s.boolean(s.t.get(root, "isAuthorizationEnabled"))
	livechat = s.boolean(s.t.get(root, "isLiveChat"))
	return enabled, livechat, s.ok
}

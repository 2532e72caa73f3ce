package sim

import (
	"net/http"
	"strconv"
)

// restRoutes registers the chat REST API (PROTOCOL.md §6).
func (s *Server) restRoutes() {
	const base = "GET /chat/1.0/brand/{brandId}/channel/{channelId}"
	s.mux.HandleFunc(base, s.restChannel(s.serveChannelInfo))
	s.mux.HandleFunc(base+"/availability", s.restChannel(func(w http.ResponseWriter, r *http.Request, ch *Channel) {
		writeJSON(w, http.StatusOK, map[string]string{"status": ch.availability()})
	}))
	s.mux.HandleFunc(base+"/persistent-menu-items", s.restChannel(func(w http.ResponseWriter, r *http.Request, ch *Channel) {
		writeJSON(w, http.StatusOK, []any{})
	}))
}

// restChannel resolves the brand and channel of a REST path before h runs:
// a bad brand is 400 and an unknown channel 404, both with a JSON error.
func (s *Server) restChannel(h func(http.ResponseWriter, *http.Request, *Channel)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		brand, err := strconv.ParseInt(r.PathValue("brandId"), 10, 64)
		if err != nil || brand <= 0 {
			writeError(w, http.StatusBadRequest, "invalid brandId")
			return
		}
		ch, ok := s.channels[r.PathValue("channelId")]
		if !ok {
			writeError(w, http.StatusNotFound, "channel not found")
			return
		}
		h(w, r, ch)
	}
}

// serveChannelInfo answers ChannelInfo. `?locale=en_US` (underscore) picks
// translationsLocale (default en_US); translations are always empty.
func (s *Server) serveChannelInfo(w http.ResponseWriter, r *http.Request, ch *Channel) {
	locale := r.URL.Query().Get("locale")
	if locale == "" {
		locale = "en_US"
	}
	limits := s.limitsOf(ch.ID)
	writeJSON(w, http.StatusOK, map[string]any{
		"name":         ch.Name,
		"isLiveChat":   ch.IsLiveChat,
		"availability": map[string]string{"status": ch.availability()},
		"settings": map[string]any{
			"hasMultipleThreadsPerEndUser": ch.MultipleThreads,
			"isAttachmentsEnabled":         !limits.Disabled,
			"fileRestrictions":             limits.restrictions(),
			"hasPageViews":                 false,
			"liveChatShowOfflineForm":      false,
			"liveChatOfflineForm":          map[string]any{"isEnabled": false, "isCustom": false, "html": ""},
			"liveChatHiddenOnOffline":      false,
			"liveChatAllowTranscript":      false,
			"isGroupChatAllowed":           false,
			"enableChatTypingPreview":      false,
			"enablePersistentMenu":         false,
			"chatRedesign":                 false,
			"features":                     map[string]any{},
			"liveChatTranscriptChannelId":  "",
		},
		"translations":                 map[string]string{},
		"translationsLocale":           locale,
		"colors":                       map[string]string{},
		"widget":                       map[string]string{"appearance": "bubble", "position": "right"},
		"popups":                       []any{},
		"customCss":                    "",
		"customJs":                     "",
		"customJsFiles":                "",
		"preContactForm":               nil,
		"isAuthorizationEnabled":       ch.RequireAuthorization,
		"isSecuredCookieEnabled":       false,
		"isUnsecuredConnectionAllowed": true,
		"webSecurityConfiguration":     map[string]any{},
		"channelIdOnExternalPlatform":  ch.ID,
	})
}

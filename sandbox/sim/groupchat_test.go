package sim_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestGroupChat: an invitation to a contact lets another customer join it
// and see its messages until they leave; bad codes are refused.
func TestGroupChat(t *testing.T) {
	t.Parallel()
	srv := setup(t, idleAgent)
	owner := dial(t, srv, "/gw", defaultQuery)
	guest := dial(t, srv, "/gw", strings.Replace(defaultQuery, "cust-1", "cust-2", 1))
	id := owner.request("SendMessage", textMessage("gc-thread", "gc-m1", "hello"))
	contact := owner.replyTo(id).str("data.case.id")
	if contact == "" {
		t.Fatal("no contact id")
	}
	id = owner.request("CreateInvitationToGroupChat", map[string]any{"contact": map[string]any{"id": contact}})
	r := owner.replyTo(id)
	equal(t, "created", r.str("postback.eventType"), "InvitationToGroupChatCreated")
	code := r.str("postback.data.invitation.code")

	id = owner.request("SendEmailInvitationToGroupChat", map[string]any{"contact": map[string]any{"id": contact},
		"invitation": map[string]any{"code": code}, "recipients": []any{map[string]any{"idOnExternalPlatform": "bob@example.com"}}})
	equal(t, "emailed", owner.replyTo(id).str("postback.eventType"), "EmailInvitationToGroupChatSent")

	id = guest.request("JoinGroupChat", map[string]any{"invitation": map[string]any{"code": "nope"}})
	equal(t, "bad code", guest.replyTo(id).str("error.errorCode"), "InvalidInvitation")
	id = guest.request("JoinGroupChat", map[string]any{"invitation": map[string]any{"code": code}})
	r = guest.replyTo(id)
	equal(t, "joined", []string{r.str("postback.eventType"), r.str("postback.data.contact.id")}, []string{"GroupChatJoined", contact})
	equal(t, "owner told", owner.nextJSON().str("eventType"), "ContactRecipientsChanged")

	agentSays := func(text string) {
		status, _, _ := httpDo(t, http.MethodPost, srv.URL+"/sandbox/agent/send", nil,
			`{"brandId":1086,"channelId":"chat_abc","customerId":"cust-1","threadId":"gc-thread","text":"`+text+`"}`)
		equal(t, "agent send", status, http.StatusOK)
	}
	agentSays("welcome both")
	f := guest.nextJSON()
	equal(t, "the guest sees the contact's messages", []string{f.str("eventType"), f.str("data.message.messageContent.payload.text")}, []string{"MessageCreated", "welcome both"})

	id = guest.request("LeaveGroupChat", map[string]any{"contact": map[string]any{"id": contact}})
	equal(t, "left", guest.replyTo(id).str("postback.eventType"), "GroupChatLeft")
	agentSays("only the owner now")
	guest.quiet(150 * time.Millisecond)
	id = guest.request("LeaveGroupChat", map[string]any{"contact": map[string]any{"id": contact}})
	equal(t, "leave twice", guest.replyTo(id).str("error.errorCode"), "NotAParticipant")
}

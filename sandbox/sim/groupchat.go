package sim

import (
	"encoding/json"
	"sync"
)

// groupChats are the open invitations to group chats: a code names the
// customer whose contact others may join. Joining adds the joiner's socket
// to that customer's sockets, so the joiner sees the contact's messages as
// they come; leaving takes it out again.
type groupChats struct {
	mu          sync.Mutex
	invitations map[string]*customer // code → the inviting customer
	contacts    map[string]string    // code → contact id
	emails      []string             // invitations sent by e-mail, for tests
}

type contactRef struct {
	Contact struct {
		ID string `json:"id"`
	} `json:"contact"`
	Invitation struct {
		Code string `json:"code"`
	} `json:"invitation"`
	Recipients []struct {
		IDOnExternalPlatform string `json:"idOnExternalPlatform"`
	} `json:"recipients"`
}

// groupFrame answers the group-chat events. Like authorizeFrame it runs
// before the requester's lock is taken, since joining touches another
// customer. It reports whether it handled the frame.
func (s *Server) groupFrame(c *conn, f *inboundFrame) bool {
	var d contactRef
	switch f.Payload.EventType {
	case "CreateInvitationToGroupChat", "SendEmailInvitationToGroupChat", "JoinGroupChat", "LeaveGroupChat":
		if json.Unmarshal(f.Payload.Data, &d) != nil {
			s.send(c, encode(replyError(f.EventID, codeInvalidRequest, "Invalid data")))
			return true
		}
	default:
		return false
	}
	g := &s.groups
	owner := c.customer
	switch f.Payload.EventType {
	case "CreateInvitationToGroupChat":
		owner.mu.Lock()
		var t *thread
		for _, th := range owner.order {
			if th.contact != nil && th.contact.id == d.Contact.ID {
				t = th
			}
		}
		owner.mu.Unlock()
		if t == nil {
			s.send(c, encode(replyError(f.EventID, "ContactNotFound", "No contact "+d.Contact.ID+" of this customer")))
			return true
		}
		code := "invite-" + newID()[:8]
		g.mu.Lock()
		if g.invitations == nil {
			g.invitations, g.contacts = map[string]*customer{}, map[string]string{}
		}
		g.invitations[code], g.contacts[code] = owner, d.Contact.ID
		g.mu.Unlock()
		s.send(c, encode(replyPostback(f.EventID, "InvitationToGroupChatCreated", map[string]any{
			"invitation": map[string]string{"code": code}, "contact": map[string]string{"id": d.Contact.ID},
		})))
	case "SendEmailInvitationToGroupChat":
		g.mu.Lock()
		_, ok := g.invitations[d.Invitation.Code]
		if ok {
			for _, r := range d.Recipients {
				g.emails = append(g.emails, r.IDOnExternalPlatform)
			}
		}
		g.mu.Unlock()
		if !ok || len(d.Recipients) == 0 {
			s.send(c, encode(replyError(f.EventID, "InvalidInvitation", "Unknown invitation code or no recipient")))
			return true
		}
		s.send(c, encode(replyPostback(f.EventID, "EmailInvitationToGroupChatSent", map[string]any{})))
	case "JoinGroupChat":
		g.mu.Lock()
		host, ok := g.invitations[d.Invitation.Code]
		contactID := g.contacts[d.Invitation.Code]
		g.mu.Unlock()
		if !ok || host.key.brand != owner.key.brand || host.key.channel != owner.key.channel {
			s.send(c, encode(replyError(f.EventID, "InvalidInvitation", "Unknown invitation code")))
			return true
		}
		host.mu.Lock()
		host.conns[c] = struct{}{}
		var t *thread
		for _, th := range host.order {
			if th.contact != nil && th.contact.id == contactID {
				t = th
			}
		}
		var data map[string]any
		if t != nil {
			data = map[string]any{"contact": host.wireContact(t), "thread": host.wireThread(t)}
			s.broadcast(host, push("ContactRecipientsChanged", map[string]any{
				"brand": host.brand(), "channel": host.channel.wire(), "case": host.wireContact(t),
			}), c)
		}
		host.mu.Unlock()
		s.send(c, encode(replyPostback(f.EventID, "GroupChatJoined", data)))
	case "LeaveGroupChat":
		g.mu.Lock()
		var hosts []*customer
		for code, cu := range g.invitations {
			if g.contacts[code] == d.Contact.ID {
				hosts = append(hosts, cu)
			}
		}
		g.mu.Unlock()
		left := false
		for _, host := range hosts {
			if host == owner {
				continue
			}
			host.mu.Lock()
			if _, in := host.conns[c]; in {
				delete(host.conns, c)
				left = true
			}
			host.mu.Unlock()
		}
		if !left {
			s.send(c, encode(replyError(f.EventID, "NotAParticipant", "Not a participant of contact "+d.Contact.ID)))
			return true
		}
		s.send(c, encode(replyPostback(f.EventID, "GroupChatLeft", map[string]any{"contact": map[string]string{"id": d.Contact.ID}})))
	}
	return true
}

// forget takes a closed socket out of the contacts it had joined.
func (g *groupChats) forget(c *conn) {
	g.mu.Lock()
	hosts := make([]*customer, 0, len(g.invitations))
	for _, cu := range g.invitations {
		hosts = append(hosts, cu)
	}
	g.mu.Unlock()
	for _, cu := range hosts {
		cu.mu.Lock()
		delete(cu.conns, c)
		cu.mu.Unlock()
	}
}

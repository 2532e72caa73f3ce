package sim

import "strings"

// The scripted agent, Mia, answers every customer message of a thread, in
// order, one reply per message. Each step waits Config.AgentDelay:
//
//  1. if the contact has no assignee: CaseInboxAssigneeChanged (Mia), then
//     CaseStatusChanged (open);
//  2. SenderTypingStarted (direction outbound);
//  3. SenderTypingEnded, then MessageCreated with the text
//     `Mia: you said "<customer text>"`.
//
// One goroutine per thread runs while replies are owed; Close stops it.
//
// A muted agent (the console's switch, per thread or global; a person
// replying from the console mutes the thread) does not answer: the
// customer's message is only marked delivered.

// agentHeard queues a reply to a customer's text on t and starts the
// thread's agent if it is idle. The customer's mu must be held.
func (s *Server) agentHeard(cu *customer, t *thread, text string) {
	if s.agentMuted(t) {
		// After the acknowledgement (sent while mu is still held).
		s.goAgent(func() {
			cu.mu.Lock()
			s.markDelivered(cu, t)
			cu.mu.Unlock()
		})
		return
	}
	t.agentQueue = append(t.agentQueue, text)
	if t.agentBusy {
		return
	}
	t.agentBusy = true
	if !s.goAgent(func() { s.runAgent(cu, t) }) {
		t.agentBusy = false
	}
}

// runAgent answers t's queued texts until none is left or the server
// closes.
func (s *Server) runAgent(cu *customer, t *thread) {
	delay := s.cfg.AgentDelay
	for {
		cu.mu.Lock()
		if len(t.agentQueue) == 0 {
			t.agentBusy = false
			cu.mu.Unlock()
			return
		}
		text := t.agentQueue[0]
		t.agentQueue = t.agentQueue[1:]
		if s.agentMuted(t) {
			// Muted while the reply was owed: a person answers instead.
			cu.mu.Unlock()
			continue
		}
		assign := t.contact != nil && !t.contact.assigned
		cu.mu.Unlock()

		if assign && cu.channel.IsLiveChat {
			// A live chat waits in the queue first: the position counts down.
			for pos := 3; pos >= 1; pos-- {
				if !s.sleep(delay) {
					return
				}
				cu.mu.Lock()
				if t.contact != nil {
					s.broadcast(cu, push("SetPositionInQueue", map[string]any{
						"positionInQueue": pos, "isAgentAvailable": pos == 1,
						"consumerContact": map[string]any{"id": t.contact.id, "threadIdOnExternalPlatform": t.ext},
					}), nil)
				}
				cu.mu.Unlock()
			}
		}
		if assign {
			if !s.sleep(delay) {
				return
			}
			cu.mu.Lock()
			s.assignAgent(cu, t)
			cu.mu.Unlock()
		}
		if !s.sleep(delay) {
			return
		}
		cu.mu.Lock()
		if s.agentMuted(t) {
			cu.mu.Unlock()
			continue
		}
		s.markRead(cu, t)
		s.broadcast(cu, push("SenderTypingStarted", s.agentTyping(cu, t)), nil)
		cu.mu.Unlock()
		if !s.sleep(delay) {
			return
		}
		cu.mu.Lock()
		s.broadcast(cu, push("SenderTypingEnded", s.agentTyping(cu, t)), nil)
		if s.agentMuted(t) || t.contact != nil && t.contact.status == statusClosed {
			// The customer ended the chat meanwhile: an agent cannot post to
			// a closed contact (and must not open a new one by replying).
			cu.mu.Unlock()
			continue
		}
		if text == "long message" {
			s.agentSayTruncated(cu, t, strings.Repeat("This reply is longer than a push may carry. ", 20))
		} else if files := s.agentFiles(cu.host, text); files != nil {
			s.agentSayFiles(cu, t, files) // agentfiles.go
		} else if content, ok := richReply(s, cu.host, text); ok {
			s.agentSayContent(cu, t, content)
		} else {
			s.agentSay(cu, t, `Mia: you said "`+text+`"`)
		}
		cu.mu.Unlock()
	}
}

// assignAgent makes Mia the inbox assignee of t's contact and opens it,
// pushing CaseInboxAssigneeChanged and CaseStatusChanged. The customer's
// mu must be held.
func (s *Server) assignAgent(cu *customer, t *thread) {
	if t.contact == nil || t.contact.assigned {
		return
	}
	t.contact.assigned = true
	t.setStatus(statusOpen)
	u := agentUser
	s.broadcast(cu, push("CaseInboxAssigneeChanged", assigneeData{
		Brand: cu.brand(), Channel: cu.channel.wire(), Case: cu.wireContact(t),
		InboxAssignee: &u, RoutingQueue: defaultQueue,
	}), nil)
	s.broadcast(cu, push("CaseStatusChanged", caseData{
		Brand: cu.brand(), Channel: cu.channel.wire(), Case: cu.wireContact(t),
	}), nil)
}

// agentTyping is the data of the agent's typing pushes.
func (s *Server) agentTyping(cu *customer, t *thread) typingData {
	return typingData{
		Brand: cu.brand(), Channel: cu.channel.wire(), Thread: cu.wireThread(t),
		User: agentUser, Direction: outbound,
	}
}

// openContact opens a contact on t if it has none, announcing it with
// CaseCreated. The customer's mu must be held.
func (s *Server) openContact(cu *customer, t *thread) {
	if _, created := cu.openContact(t); created {
		th := cu.wireThread(t)
		s.broadcast(cu, push("CaseCreated", caseData{
			Brand: cu.brand(), Channel: cu.channel.wire(), Case: cu.wireContact(t), Thread: &th,
		}), nil)
	}
}

// agentSayTruncated stores text in full but pushes it cut short with
// hasAdditionalMessageContent, so that the client fetches the full message
// (GenerateAuthorizationToken, then GET …/messages/{id}). The customer's mu
// must be held.
func (s *Server) agentSayTruncated(cu *customer, t *thread, text string) {
	s.openContact(cu, t)
	m := agentMessage(t, text)
	t.append(m)
	cu.touch(t)
	short := m
	short.MessageContent.Payload.Text = text[:40] + "…"
	short.MessageContent.FallbackText = short.MessageContent.Payload.Text
	short.HasAdditionalMessageContent = true
	s.broadcast(cu, push("MessageCreated", cu.messageCreated(t, short)), nil)
}

// agentSayContent is agentSay with rich content. The customer's mu must
// be held.
func (s *Server) agentSayContent(cu *customer, t *thread, content messageContent) {
	s.openContact(cu, t)
	m := agentMessage(t, "")
	m.MessageContent = content
	t.append(m)
	cu.touch(t)
	s.broadcast(cu, push("MessageCreated", cu.messageCreated(t, m)), nil)
}

// agentSay stores a message from Mia on t and pushes MessageCreated to
// every connection of the customer. The customer's mu must be held.
func (s *Server) agentSay(cu *customer, t *thread, text string) wireMessage {
	s.openContact(cu, t)
	m := agentMessage(t, text)
	t.append(m)
	cu.touch(t)
	s.broadcast(cu, push("MessageCreated", cu.messageCreated(t, m)), nil)
	return m
}

// markRead marks the customer's unread messages on t as read by the agent
// (isRead, userStatistics) and pushes MessageReadChanged for each. The
// customer's mu must be held.
func (s *Server) markRead(cu *customer, t *thread) {
	at := now()
	for i := range t.messages {
		m := &t.messages[i]
		if m.Direction != inbound || m.IsRead {
			continue
		}
		m.IsRead = true
		m.UserStatistics.SeenAt, m.UserStatistics.ReadAt = &at, &at
		s.broadcast(cu, push("MessageReadChanged", cu.messageCreated(t, *m)), nil)
	}
}

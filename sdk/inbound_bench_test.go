package sdk

import (
	"strconv"
	"testing"
)

// inboundFrame is a MessageCreated push as the sandbox's burst route sends
// it (sandbox/sim admin.go serveAgentBurst), split where the event id and
// the message id go: each iteration's frame is new to the exactly-once set.
var inboundFrame = [3]string{
	`{"eventId":"`,
	`","eventType":"MessageCreated","createdAt":"2026-12-02T14:02:09.518Z","data":{"brand":{"id":1086},"channel":{"id":"chat_abc","name":"Web chat","integrationBoxIdent":"chat","idOnExternalPlatform":"chat_abc"},"case":{"id":"7001","contactId":"7001","interactionId":"int-7001","threadId":"44d3a95b-e375-4f33-b0c2-f1fa8b5cc830","threadIdOnExternalPlatform":"bench-9b23525e-f239-4af2-942f-d832f97b1df8","channelId":"chat_abc","status":"new","statusUpdatedAt":"2026-12-02T14:02:09.468Z","createdAt":"2026-12-02T14:02:09.468Z","customFields":[],"inboxAssignee":null,"inboxAssigneeUser":null,"ownerAssignee":null,"ownerAssigneeUser":null,"inboxPreAssigneeUser":null,"routingQueueId":"q-1","routingQueuePriority":1,"recipients":[],"endUser":null,"authorEndUserIdentity":null,"customerStatistics":{"seenAt":null},"userStatistics":{"unseenMessagesCount":0},"detailUrl":"","customerContactId":"","consumerContactStorageId":"","inboxAssigneeLastAssignedAt":null},"thread":{"id":"44d3a95b-e375-4f33-b0c2-f1fa8b5cc830","idOnExternalPlatform":"bench-9b23525e-f239-4af2-942f-d832f97b1df8","threadName":"","canAddMoreMessages":true,"channelId":"chat_abc"},"message":{"id":"`,
	`","idOnExternalPlatform":"4cfb0665-90b4-4f89-8cbf-6d7e65497af4","threadId":"44d3a95b-e375-4f33-b0c2-f1fa8b5cc830","threadIdOnExternalPlatform":"bench-9b23525e-f239-4af2-942f-d832f97b1df8","postId":"44d3a95b-e375-4f33-b0c2-f1fa8b5cc830","contactNumber":"7001","createdAt":"2026-12-02T14:02:09.517Z","createdAtWithMilliseconds":"2026-12-02T14:02:09.517Z","direction":"outbound","messageContent":{"type":"TEXT","payload":{"text":"burst 1"},"fallbackText":"burst 1"},"attachments":[],"authorUser":{"id":501,"incontactId":"inc-501","emailAddress":"mia@example.com","loginUsername":"mia","firstName":"Mia","surname":"Agent","nickname":null,"imageUrl":"","isBotUser":false,"isSurveyUser":false,"divisionNumber":null},"user":{"id":501,"incontactId":"inc-501","emailAddress":"mia@example.com","loginUsername":"mia","firstName":"Mia","surname":"Agent","nickname":null,"imageUrl":"","isBotUser":false,"isSurveyUser":false,"divisionNumber":null},"authorEndUserIdentity":null,"isMadeByUser":true,"delivered":[],"seen":[],"recipients":[],"replyChannel":null,"sentiment":"neutral","tags":[],"userStatistics":{"seenAt":null,"readAt":null,"createdToReadSeconds":null},"customerStatistics":{"seenAt":null},"authorNameRemoved":null,"contentRemoved":null,"isRead":false,"hasAdditionalMessageContent":false}}}`,
}

// BenchmarkInboundMessage measures the core's work for one inbound message
// from the frame's bytes to the event's JSON for the page: decode, map,
// match replies, dedupe, observe, dispatch and encode (the per-frame copy
// into Go memory the wasm makes is included; the JS side is not). The
// allocations it prints are what the wasm's garbage collector has to clear
// per message in a burst (issue 9, memory and burst targets).
func BenchmarkInboundMessage(b *testing.B) {
	var out []byte
	c, err := New(&Options{BrandID: 1086, ChannelID: "chat_abc", CustomerID: "c-1", Environment: "custom",
		CustomEnvironment: &Endpoints{Chat: "http://127.0.0.1:9", Gateway: "ws://127.0.0.1:9/gw"}})
	if err != nil {
		b.Fatal(err)
	}
	l := newLife(c.opts.Clock)
	defer l.end()
	var id []byte
	frame := func(n int) []byte {
		id = strconv.AppendInt(id[:0], int64(n), 10)
		f := make([]byte, 0, len(inboundFrame[0])+len(inboundFrame[1])+len(inboundFrame[2])+2*len(id)+16)
		f = append(append(append(f, inboundFrame[0]...), "bench-e-"...), id...)
		f = append(append(append(f, inboundFrame[1]...), "bench-m-"...), id...)
		return append(f, inboundFrame[2]...)
	}
	events := 0
	c.opts.OnEvent = func(ev *Event) { out = ev.AppendJSON(out[:0]); events++ }
	b.ReportAllocs()
	b.SetBytes(int64(len(frame(0))))
	b.ResetTimer()
	for i := range b.N {
		// What the reader does, then what the loop does (the loop's goroutine
		// hop is not included).
		f := frame(i)
		ev, err := DecodeFrame(f)
		if err != nil {
			b.Fatal(err)
		}
		c.handleFrame(l, 0, f, mapEvent(ev), false)
	}
	b.StopTimer()
	if events != b.N || len(out) == 0 {
		b.Fatalf("%d frames gave %d events", b.N, events)
	}
}

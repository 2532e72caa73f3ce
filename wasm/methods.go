//go:build js && wasm

package main

import (
	"context"
	"time"

	"github.com/cxone-chat-wasm/cxone-chat-wasm/sdk"
)

// args is what the shim sends with a call: the thread id and the method's
// own arguments, by name.
type args struct {
	Thread    string            // thread
	Data      sdk.RawJSON       // data
	EventType string            // eventType
	Email     string            // email
	Contact   string            // contactNumber
	Message   string            // message
	Fields    []sdk.CustomField // fields
	Idents    []string          // idents
	Files     []sdk.Attachment  // files
	Send      *bool             // send
	Text      string            // text
	Postback  string            // postback
	Name      string            // name
	ID        string            // id
	MessageID string            // messageId
	Livechat  bool              // livechat
	Timeout   float64           // timeout
}

func parseArgs(raw sdk.RawJSON) (args, error) {
	if len(raw) == 0 {
		return args{}, nil
	}
	f, err := decode(raw)
	if err != nil {
		return args{}, badArgs("", err.Error())
	}
	a := args{
		Thread:    f.str("thread"),
		Data:      f.v.Get("data").Raw(),
		EventType: f.str("eventType"),
		Email:     f.str("email"),
		Contact:   f.str("contactNumber"),
		Message:   f.str("message"),
		Fields:    f.customFields("fields"),
		Idents:    f.strings("idents"),
		Files:     f.attachments("files"),
		Send:      f.boolPtr("send"),
		Text:      f.str("text"),
		Postback:  f.str("postback"),
		Name:      f.str("name"),
		ID:        f.str("id"),
		MessageID: f.str("messageId"),
		Livechat:  f.boolean("livechat"),
		Timeout:   f.num("timeout"),
	}
	if f.err != "" {
		return args{}, badArgs("", f.err)
	}
	return a, nil
}

// badArgs is the error of arguments that do not decode.
func badArgs(op, why string) error {
	return &sdk.Error{Code: sdk.CodeInvalidArgument, Kind: sdk.KindChatSDK, Op: op, Msg: "bad arguments: " + why}
}

type asyncMethod func(ctx context.Context, c *sdk.Client, raw sdk.RawJSON) (any, error)
type syncMethod func(c *sdk.Client, raw sdk.RawJSON) (any, error)

// withThread adapts a thread method: it finds the thread named in the args.
func withThread(fn func(ctx context.Context, t *sdk.Thread, a args) (any, error)) asyncMethod {
	return func(ctx context.Context, c *sdk.Client, raw sdk.RawJSON) (any, error) {
		a, err := parseArgs(raw)
		if err != nil {
			return nil, err
		}
		t, err := c.Thread(a.Thread)
		if err != nil {
			return nil, err
		}
		return fn(ctx, t, a)
	}
}

func sendOpts(a args) *sdk.SendOptions { return &sdk.SendOptions{MessageID: a.MessageID} }

// asyncMethods are the calls that return a Promise. What each resolves with
// is what the reference's method resolves with.
var asyncMethods = map[string]asyncMethod{
	"connect": func(ctx context.Context, c *sdk.Client, _ sdk.RawJSON) (any, error) {
		made, err := c.Connect(ctx)
		if err != nil {
			return nil, err
		}
		return map[string]any{"created": made, "customerId": c.Customer().ID(), "customerName": c.Customer().Name(), "isLivechat": c.IsLivechat()}, nil
	},
	"authorize": func(ctx context.Context, c *sdk.Client, raw sdk.RawJSON) (any, error) {
		f, err := decode(raw)
		if err != nil {
			return nil, badArgs("authorize", err.Error())
		}
		o := sdk.AuthorizeOptions{Code: f.str("authorizationCode"), VisitorID: f.str("visitorId"), Fingerprint: f.v.Get("browserFingerprint").Raw()}
		if f.err != "" {
			return nil, badArgs("authorize", f.err)
		}
		if string(o.Fingerprint) == "null" {
			o.Fingerprint = nil
		}
		return c.Authorize(ctx, o)
	},
	"generateAuthorizationToken": func(ctx context.Context, c *sdk.Client, raw sdk.RawJSON) (any, error) {
		a, err := parseArgs(raw)
		if err != nil {
			return nil, err
		}
		if a.Thread == "" || a.ID == "" {
			return nil, &sdk.Error{Code: sdk.CodeInvalidArgument, Kind: sdk.KindChatSDK, Op: "generateAuthorizationToken", Msg: "a thread id and a url are required"}
		}
		tok, err := c.GenerateAuthorizationToken(ctx, a.Thread, a.ID)
		if err != nil {
			return nil, err
		}
		return map[string]string{"token": tok}, nil
	},
	"getChannelInfo": func(ctx context.Context, c *sdk.Client, _ sdk.RawJSON) (any, error) {
		return c.ChannelInfo(ctx)
	},
	"getChannelAvailability": func(ctx context.Context, c *sdk.Client, _ sdk.RawJSON) (any, error) {
		return c.ChannelAvailability(ctx)
	},
	"getThreadList": func(ctx context.Context, c *sdk.Client, _ sdk.RawJSON) (any, error) {
		return c.ThreadList(ctx)
	},
	"recoverThreadData": func(ctx context.Context, c *sdk.Client, raw sdk.RawJSON) (any, error) {
		a, err := parseArgs(raw)
		if err != nil {
			return nil, err
		}
		ev, err := c.RecoverThreadData(ctx, a.ID, a.Livechat)
		if err != nil {
			return nil, err
		}
		return map[string]any{"event": ev, "thread": ev.ThreadID}, nil
	},
	"thread.sendTextMessage": withThread(func(ctx context.Context, t *sdk.Thread, a args) (any, error) {
		return t.SendTextMessage(ctx, a.Text, sendOpts(a))
	}),
	"thread.sendPostbackMessage": withThread(func(ctx context.Context, t *sdk.Thread, a args) (any, error) {
		return t.SendPostbackMessage(ctx, a.Postback, a.Text, sendOpts(a))
	}),
	"sendChatEvent": func(ctx context.Context, c *sdk.Client, raw sdk.RawJSON) (any, error) {
		a, err := parseArgs(raw)
		if err != nil {
			return nil, err
		}
		return c.Send(ctx, a.EventType, a.Data)
	},
	"getPersistentMenuItems": func(ctx context.Context, c *sdk.Client, _ sdk.RawJSON) (any, error) {
		return c.PersistentMenuItems(ctx)
	},
	"sendOfflineMessage": func(ctx context.Context, c *sdk.Client, raw sdk.RawJSON) (any, error) {
		a, err := parseArgs(raw)
		if err != nil {
			return nil, err
		}
		return c.SendOfflineMessage(ctx, a.Name, a.Email, a.Message)
	},
	"customer.setCustomFields": func(ctx context.Context, c *sdk.Client, raw sdk.RawJSON) (any, error) {
		a, err := parseArgs(raw)
		if err != nil {
			return nil, err
		}
		ev, err := c.SetCustomerCustomFields(ctx, a.Fields)
		if ev == nil {
			return nil, err
		}
		return ev, err
	},
	"uploadAttachment": func(ctx context.Context, c *sdk.Client, _ sdk.RawJSON) (any, error) {
		return uploadFile(ctx, c) // upload.go
	},
	"thread.sendMessage": withThread(func(ctx context.Context, t *sdk.Thread, a args) (any, error) {
		return t.SendMessage(ctx, a.Data)
	}),
	"thread.sendOutboundMessage": withThread(func(ctx context.Context, t *sdk.Thread, a args) (any, error) {
		return t.SendOutboundMessage(ctx, a.Data)
	}),
	"thread.sendAttachments": withThread(func(ctx context.Context, t *sdk.Thread, a args) (any, error) {
		if a.Files != nil { // already uploaded {url, friendlyName}
			return t.SendAttachments(ctx, a.Files, sendOpts(a))
		}
		return sendFiles(ctx, t, a.MessageID) // upload.go
	}),
	"thread.sendTranscript": withThread(func(ctx context.Context, t *sdk.Thread, a args) (any, error) {
		return t.SendTranscript(ctx, a.Contact, a.Email)
	}),
	"thread.sendMessagePreview": withThread(func(ctx context.Context, t *sdk.Thread, a args) (any, error) {
		return nil, t.SendMessagePreview(ctx, a.Text)
	}),
	"thread.setCustomFields": withThread(func(ctx context.Context, t *sdk.Thread, a args) (any, error) {
		return nil, t.SetCustomFields(ctx, a.Fields)
	}),
	"thread.sendCustomFields": withThread(func(ctx context.Context, t *sdk.Thread, a args) (any, error) {
		return t.SendCustomFields(ctx, a.Idents)
	}),
	"thread.startChat": withThread(func(ctx context.Context, t *sdk.Thread, a args) (any, error) {
		return t.StartChat(ctx, a.Text)
	}),
	"thread.endChat": withThread(func(ctx context.Context, t *sdk.Thread, _ args) (any, error) {
		return nil, t.EndChat(ctx)
	}),
	"thread.recover": withThread(func(ctx context.Context, t *sdk.Thread, _ args) (any, error) {
		ev, err := t.Recover(ctx)
		if err != nil {
			return nil, err
		}
		return rawOr(ev.Data), nil
	}),
	"thread.loadMoreMessages": withThread(func(ctx context.Context, t *sdk.Thread, _ args) (any, error) {
		ev, err := t.LoadMoreMessages(ctx)
		if err != nil || ev == nil {
			return nil, err
		}
		return ev, nil
	}),
	"thread.lastMessageSeen": withThread(func(ctx context.Context, t *sdk.Thread, _ args) (any, error) {
		return t.LastMessageSeen(ctx)
	}),
	"thread.getMetadata": withThread(func(ctx context.Context, t *sdk.Thread, _ args) (any, error) {
		return t.GetMetadata(ctx)
	}),
	"thread.archive": withThread(func(ctx context.Context, t *sdk.Thread, _ args) (any, error) {
		return true, t.Archive(ctx)
	}),
	"thread.setName": withThread(func(ctx context.Context, t *sdk.Thread, a args) (any, error) {
		return true, t.SetName(ctx, a.Name)
	}),
}

// panicProbe lets the browser tests prove that a panic inside a call becomes
// a rejected promise (or a thrown error) and that the runtime lives on. The
// shim never calls it; it is reachable only through the private binding.
func panicProbe(context.Context, *sdk.Client, sdk.RawJSON) (any, error) {
	var m map[string]int
	m["boom"]++ // a nil-map write: a real runtime panic, not a panic() call
	return nil, nil
}

func init() {
	asyncMethods["internal.panic"] = panicProbe
	syncMethods["internal.panic"] = func(c *sdk.Client, raw sdk.RawJSON) (any, error) {
		return panicProbe(context.Background(), c, raw)
	}
}

// syncMethods are the calls the reference makes synchronous.
var syncMethods = map[string]syncMethod{
	"getThread": func(c *sdk.Client, raw sdk.RawJSON) (any, error) {
		a, err := parseArgs(raw)
		if err != nil {
			return nil, err
		}
		t, err := c.Thread(a.ID)
		if err != nil {
			return nil, err
		}
		return map[string]any{"id": t.ID(), "isLivechat": t.IsLivechat()}, nil
	},
	"thread.keystroke": func(c *sdk.Client, raw sdk.RawJSON) (any, error) {
		a, t, err := syncThread(c, raw)
		if err != nil {
			return nil, err
		}
		t.Keystroke(time.Duration(a.Timeout*float64(time.Millisecond)), func() { typingStopped(c, t.ID()) })
		return nil, nil
	},
	"thread.removeCustomField": func(c *sdk.Client, raw sdk.RawJSON) (any, error) {
		a, t, err := syncThread(c, raw)
		if err != nil {
			return nil, err
		}
		t.RemoveCustomField(a.Name)
		return nil, nil
	},
	"thread.keystrokeForPreview": func(c *sdk.Client, raw sdk.RawJSON) (any, error) {
		a, t, err := syncThread(c, raw)
		if err != nil {
			return nil, err
		}
		t.KeystrokeForPreview(a.Text, time.Duration(a.Timeout*float64(time.Millisecond)))
		return nil, nil
	},
	"thread.stopTypingForPreview": func(c *sdk.Client, raw sdk.RawJSON) (any, error) {
		a, t, err := syncThread(c, raw)
		if err != nil {
			return nil, err
		}
		t.StopTypingForPreview(a.Send == nil || *a.Send)
		return nil, nil
	},
	"thread.stopTyping": func(c *sdk.Client, raw sdk.RawJSON) (any, error) {
		_, t, err := syncThread(c, raw)
		if err != nil {
			return nil, err
		}
		t.StopTyping()
		return nil, nil
	},
	// customer.setIdentity carries the page's Customer.setId/setName/
	// setImage to the core: later frames name the customer so.
	"customer.setIdentity": func(c *sdk.Client, raw sdk.RawJSON) (any, error) {
		f, err := decode(raw)
		if err != nil {
			return nil, badArgs("customer", err.Error())
		}
		id, name, image := f.strPtr("id"), f.strPtr("name"), f.strPtr("image")
		if f.err != "" {
			return nil, badArgs("customer", f.err)
		}
		cu := c.Customer()
		if id != nil {
			cu.SetID(*id)
		}
		if name != nil {
			cu.SetName(*name)
		}
		if image != nil {
			cu.SetImage(*image)
		}
		return nil, nil
	},
	"setAuthorizationCode": func(c *sdk.Client, raw sdk.RawJSON) (any, error) {
		a, err := parseArgs(raw)
		if err != nil {
			return nil, err
		}
		c.SetAuthorizationCode(a.ID)
		return nil, nil
	},
	"resetAuth": func(c *sdk.Client, _ sdk.RawJSON) (any, error) {
		c.ResetAuth()
		return nil, nil
	},
	"close": func(c *sdk.Client, _ sdk.RawJSON) (any, error) {
		return nil, c.Close()
	},
	"reconnectNow": func(c *sdk.Client, _ sdk.RawJSON) (any, error) {
		c.ReconnectNow()
		return nil, nil
	},
	"state": func(c *sdk.Client, _ sdk.RawJSON) (any, error) {
		return map[string]any{"connected": c.Connected(), "pending": c.Pending()}, nil
	},
}

// syncThread parses the arguments of a synchronous thread method and finds
// the thread.
func syncThread(c *sdk.Client, raw sdk.RawJSON) (args, *sdk.Thread, error) {
	a, err := parseArgs(raw)
	if err != nil {
		return a, nil, err
	}
	t, err := c.Thread(a.Thread)
	return a, t, err
}

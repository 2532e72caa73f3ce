package sdk

import (
	"context"
	"encoding/json"
)

// Attachment is an uploaded file as a message carries it.
type Attachment struct {
	URL          string `json:"url"`
	FriendlyName string `json:"friendlyName"`
}

// UploadAttachment uploads one file (content in base64) to the channel and
// returns it as an Attachment. A refusal (size or type) is an
// UploadAttachmentError whose response tells the allowed size and types.
func (c *Client) UploadAttachment(ctx context.Context, contentBase64, fileName, mimeType string) (Attachment, error) {
	const op = "sendAttachments"
	if contentBase64 == "" || fileName == "" {
		return Attachment{}, invalidArg(op, "FileList must be provided to sendAttachment method")
	}
	body := mustJSON(map[string]string{"content": contentBase64, "fileName": fileName, "mimeType": mimeType})
	resp, err := c.doJSON(ctx, op, "POST", c.channelPath()+"/attachment", body, true)
	if err != nil {
		return Attachment{}, err
	}
	var r struct {
		FileURL         string          `json:"fileUrl"`
		AllowedFileSize json.RawMessage `json:"allowedFileSize"`
	}
	_ = json.Unmarshal(resp, &r)
	switch {
	case r.FileURL != "":
		return Attachment{URL: r.FileURL, FriendlyName: fileName}, nil
	case r.AllowedFileSize != nil:
		return Attachment{}, &Error{Code: CodeServer, Kind: "UploadAttachmentError", Op: op, Msg: "Upload attachment failed", Response: &Event{Data: resp}}
	}
	return Attachment{}, &Error{Code: CodeProtocol, Kind: KindChatSDK, Op: op, Msg: "Unknown file upload response (" + string(resp) + ")"}
}

// SendAttachments sends uploaded files as one message with empty text.
func (t *Thread) SendAttachments(ctx context.Context, files []Attachment, o *SendOptions) (*Event, error) {
	if len(files) == 0 {
		return nil, invalidArg("sendAttachments", "FileList must be provided to sendAttachment method")
	}
	d := map[string]any{
		"messageContent":     messageContent{Type: "TEXT", Payload: textPayload{Text: ""}},
		"attachments":        files,
		"browserFingerprint": t.c.opts.Fingerprint,
		"thread":             threadRef{t.id},
		"consumer":           customFields{[]json.RawMessage{}},
		"consumerContact":    customFields{[]json.RawMessage{}},
	}
	if o != nil && o.MessageID != "" {
		d["idOnExternalPlatform"] = o.MessageID
	}
	return t.sendMessage(ctx, "sendAttachments", "SendMessage", mustJSON(d))
}

// PersistentMenuItems fetches the channel's persistent menu.
func (c *Client) PersistentMenuItems(ctx context.Context) (json.RawMessage, error) {
	return c.getJSON(ctx, "getPersistentMenuItems", c.channelPath()+"/persistent-menu-items")
}

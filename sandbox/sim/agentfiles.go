package sim

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
)

// agentFilesKeyword makes the scripted agent answer with an image and a PDF
// (see rich.go for the other keywords).
const agentFilesKeyword = "send files"

// agentFiles stores the agent's image and PDF and returns them as a
// message's attachments, or nil when text is not the keyword.
func (s *Server) agentFiles(host, text string) []wireAttachment {
	if strings.ToLower(strings.TrimSpace(text)) != agentFilesKeyword {
		return nil
	}
	out := make([]wireAttachment, 0, 2)
	for _, f := range []storedFile{
		{name: "sandbox-logo.png", mimeType: "image/png", data: agentPNG()},
		{name: "order-summary.pdf", mimeType: "application/pdf", data: agentPDF()},
	} {
		u := s.storeFileAt(host, f.name, f.mimeType, f.data)
		a := wireAttachment{ID: newID(), FriendlyName: f.name, URL: u, MimeType: f.mimeType}
		if strings.HasPrefix(f.mimeType, "image/") {
			a.PreviewURL = u // the platform gives images a preview
		}
		out = append(out, a)
	}
	return out
}

// agentSayFiles stores a message from Mia with files on t and pushes it.
// The customer's mu must be held.
func (s *Server) agentSayFiles(cu *customer, t *thread, files []wireAttachment) {
	s.openContact(cu, t)
	m := agentMessage(t, "Here are your files.")
	m.Attachments = files
	t.append(m)
	cu.touch(t)
	s.broadcast(cu, push("MessageCreated", cu.messageCreated(t, m)), nil)
}

// agentPNG is a 32×32 two-colour image.
func agentPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 32; x++ {
			c := color.RGBA{0x1f, 0x6f, 0xeb, 0xff}
			if (x/8+y/8)%2 == 0 {
				c = color.RGBA{0xff, 0xff, 0xff, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// agentPDF is a one-page PDF with a line of text and a correct xref table.
func agentPDF() []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		"", // the content stream, below
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	stream := "BT /F1 14 Tf 24 72 Td (Order summary from the sandbox) Tj ET"
	objs[3] = fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

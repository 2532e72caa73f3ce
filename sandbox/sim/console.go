package sim

import (
	"fmt"
	"net/http"
)

// consoleRoutes registers the agent console, GET /console: a
// self-contained page (no external assets) that polls GET /sandbox/threads
// every second and replies through POST /sandbox/agent/send. Message text
// is rendered with textContent only.
func (s *Server) consoleRoutes() {
	s.mux.HandleFunc("GET /console", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
		fmt.Fprint(w, consolePage)
	})
}

// consolePage is the console's HTML.
const consolePage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sandbox agent console</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1em; background: #f4f5f7; }
h1 { font-size: 18px; }
.thread { background: #fff; border: 1px solid #ccd; border-radius: 6px; margin: 0 0 1em; padding: .5em 1em; max-width: 50em; }
.head { color: #555; font-size: 12px; }
.msgs { margin: .5em 0; }
.msg { margin: .2em 0; padding: .3em .6em; border-radius: 4px; white-space: pre-wrap; }
.inbound { background: #eef; }
.outbound { background: #efe; margin-left: 3em; }
.typing { color: #a60; font-style: italic; font-size: 12px; }
form { display: flex; gap: .5em; }
form input { flex: 1; }
#status { color: #a00; }
</style>
</head>
<body>
<h1>Sandbox agent console</h1>
<p id="status"></p>
<div id="threads"></div>
<script>
"use strict";
const root = document.getElementById("threads");
const status = document.getElementById("status");
const boxes = new Map();

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function box(t) {
  const key = [t.brandId, t.channelId, t.customerId, t.threadId].join("/");
  let b = boxes.get(key);
  if (b) return b;
  b = { root: el("div", "thread"), head: el("div", "head"), msgs: el("div", "msgs"), typing: el("div", "typing") };
  const form = el("form");
  const input = el("input");
  input.placeholder = "Reply as Mia";
  const send = el("button", "", "Send");
  form.append(input, send);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    const res = await fetch("/sandbox/agent/send", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ brandId: t.brandId, channelId: t.channelId, customerId: t.customerId, threadId: t.threadId, text }),
    });
    if (res.ok) { input.value = ""; refresh(); } else { status.textContent = "send failed: " + res.status; }
  });
  b.root.append(b.head, b.msgs, b.typing, form);
  root.append(b.root);
  boxes.set(key, b);
  return b;
}

function render(threads) {
  for (const t of threads) {
    const b = box(t);
    const c = t.contact ? "contact " + t.contact.id + " (" + t.contact.status + ")" : "no contact";
    const who = (t.customer.fullName || t.customerId);
    b.head.textContent = who + " · " + t.channelId + " · thread " + t.threadId +
      (t.threadName ? " “" + t.threadName + "”" : "") + " · " + c +
      (t.archived ? " · archived" : "") + " · " + t.connections + " open";
    const nodes = t.messages.map((m) => {
      const p = m.messageContent && m.messageContent.payload;
      const text = (p && typeof p.text === "string") ? p.text : "[" + (m.messageContent && m.messageContent.type) + "]";
      const files = (m.attachments || []).map((a) => " 📎 " + a.friendlyName).join("");
      return el("div", "msg " + m.direction, text + files);
    });
    b.msgs.replaceChildren(...nodes);
    b.typing.textContent = t.customerTyping ? "customer is typing… " + (t.preview || "") : "";
  }
}

async function refresh() {
  try {
    const res = await fetch("/sandbox/threads");
    render(await res.json());
    status.textContent = "";
  } catch (e) {
    status.textContent = "sandbox unreachable: " + e;
  }
}

refresh();
setInterval(refresh, 1000);
</script>
</body>
</html>
`

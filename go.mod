module github.com/cxone-chat-wasm/cxone-chat-wasm

go 1.26

require (
	github.com/coder/websocket v1.8.15
	github.com/google/uuid v1.6.0
	github.com/hack-pad/safejs v0.1.0
)

module github.com/cxone-chat-wasm/cxone-chat-wasm

go 1.26

require (
	github.com/coder/websocket v1.8.15 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/hack-pad/safejs v0.1.0 // indirect
)

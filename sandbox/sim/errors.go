package sim

import "errors"

// errBinaryFrame ends a gateway connection that sent a binary frame: the
// protocol uses text frames only.
var errBinaryFrame = errors.New("sim: binary frame")

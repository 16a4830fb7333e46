package ledger

import (
	"bytes"
	"encoding/json"
)

func jsonIndent(w *bytes.Buffer, b []byte) error { return json.Indent(w, b, "", "  ") }

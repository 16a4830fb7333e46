package web

import (
	"bytes"
	"encoding/json"
	"net/http"

	"codeberg.org/cortege/cortege/internal/httpx"
)

// registerPetitionLog adds the public signature logs (docs/ledger.md): a
// petition's log, the instance's verifier key and a signer's receipt.
func (w *Web) registerPetitionLog(mux router) {
	mux.HandleFunc("GET /petitions/{id}/log.json", w.petitionCached(w.wrap(anyone, w.handlePetitionLog)))
	mux.HandleFunc("GET /.well-known/cortege-ledger-key", w.handleLedgerKey)
	mux.HandleFunc("GET /petitions/{id}/receipt.json", w.wrap(anyone, w.handlePetitionReceipt))
}

// handlePetitionLog is a petition's published log, in canonical form,
// streamed. It is rendered whole before the first byte goes out when it is
// small (so a petition that is not found answers 404, and the page cache
// keeps it); a log past logBuffered is streamed as it is read.
func (w *Web) handlePetitionLog(rw http.ResponseWriter, r *http.Request) error {
	h := rw.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Access-Control-Allow-Origin", "*") // public data, for verifiers in a browser
	h.Set("Content-Disposition", `inline; filename="log.json"`)
	out := &logBuffer{rw: rw}
	if err := w.svc.WritePetitionLog(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"), out); err != nil {
		if out.streaming {
			w.log.Warn("petition log cut short", "petition", r.PathValue("id"), "err", err)
			return nil
		}
		h.Del("Content-Disposition")
		return err
	}
	if !out.streaming {
		rw.Write(out.buf.Bytes())
	}
	return nil
}

// logBuffered is the size past which a log is streamed rather than kept
// whole until it is complete.
const logBuffered = 1 << 20

// logBuffer holds a log's first logBuffered bytes, then streams.
type logBuffer struct {
	rw        http.ResponseWriter
	buf       bytes.Buffer
	streaming bool
}

func (l *logBuffer) Write(b []byte) (int, error) {
	if l.streaming {
		return l.rw.Write(b)
	}
	if l.buf.Len()+len(b) <= logBuffered {
		return l.buf.Write(b)
	}
	l.streaming = true
	if _, err := l.rw.Write(l.buf.Bytes()); err != nil {
		return 0, err
	}
	l.buf = bytes.Buffer{}
	return l.rw.Write(b)
}

// handleLedgerKey is the verifier key that signs every petition log's
// heads, one line of text.
func (w *Web) handleLedgerKey(rw http.ResponseWriter, r *http.Request) {
	h := rw.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=86400")
	rw.Write([]byte(w.svc.PetitionLogKey() + "\n"))
}

// handlePetitionReceipt gives a signer, from their link token, the receipt
// of their signature's entry (`cortege petition verify --receipt`).
func (w *Web) handlePetitionReceipt(rw http.ResponseWriter, r *http.Request) error {
	rc, err := w.svc.SignerReceipt(r.Context(), r.URL.Query().Get("token"))
	if err != nil {
		return err
	}
	if rc.Origin != w.svc.PetitionLogOrigin(r.PathValue("id")) {
		w.errorPage(rw, r, http.StatusNotFound, "err.signature.link")
		return nil
	}
	b, err := json.MarshalIndent(rc, "", "  ")
	if err != nil {
		return err
	}
	h := rw.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Disposition", `attachment; filename="receipt.json"`)
	rw.Write(append(b, '\n'))
	return nil
}

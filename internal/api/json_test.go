package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"codeberg.org/cortege/cortege"
)

func TestCheckContentType(t *testing.T) {
	for ct, ok := range map[string]bool{
		"application/json":                   true,
		"Application/JSON":                   true,
		"application/json; charset=utf-8":    true,
		"application/json;charset=\"UTF-8\"": true,
		"":                                   false,
		"text/json":                          false,
		"application/json; charset=latin1":   false,
		"application/json; x=y":              false,
		"application/jsonx":                  false,
		"application/json;":                  true,
		"application/json; charset":          false,
	} {
		if got := checkContentType(ct) == nil; got != ok {
			t.Errorf("checkContentType(%q) accepts = %v, want %v", ct, got, ok)
		}
	}
}

func TestDecodeJSONErrors(t *testing.T) {
	for _, c := range []struct {
		body  string
		field string // "" when it decodes
		key   string
	}{
		{`{"handle":"a","display_name":"b","bio":"c"}`, "", ""},
		{` {"handle":"a"} ` + "\n", "", ""},
		{``, "body", "err.api.json_empty"},
		{`{"handle":`, "body", "err.api.json_syntax"},
		{`{"handle":"a",}`, "body", "err.api.json_syntax"},
		{`{"handle":1}`, "handle", "err.api.json_type"},
		{`{"bio":true}`, "bio", "err.api.json_type"},
		{`[]`, "body", "err.api.json_type"},
		{`"text"`, "body", "err.api.json_type"},
		{`{"nope":1}`, "nope", "err.api.json_unknown_field"},
		{`{"handle":"a"} {}`, "body", "err.api.json_trailing"},
		{`{"handle":"a"} x`, "body", "err.api.json_trailing"},
	} {
		checkDecode(t, c.body, &ProfileCreate{}, c.field, c.key)
	}
}

// checkDecode decodes body into dst and checks it passes (field "") or
// is a 400 naming field with message key.
func checkDecode(t *testing.T, body string, dst any, field, key string) {
	t.Helper()
	err := decodeJSON(strings.NewReader(body), dst)
	if field == "" {
		if err != nil {
			t.Errorf("%q: %v", body, err)
		}
		return
	}
	var he *httpError
	if !errors.As(err, &he) || he.status != http.StatusBadRequest || he.code != cortege.EINVALID || he.field != field || he.key != key {
		t.Errorf("%q: got %#v, want 400 field %q key %q", body, err, field, key)
	}
}

// requestTypes returns a fresh value of every type the API decodes.
func requestTypes() []any {
	return append(append([]any{&ProfileCreate{}, &ProfileUpdate{}, &MeUpdate{}, &InstanceUpdate{}}, featureRequestTypes()...), append(petitionRequestTypes(), voteRequestTypes()...)...)
}

// FuzzDecodeJSON feeds request bodies to the decoder of every request
// type: it must never panic, must answer a 400 or 413 naming a field, and
// must accept only well-formed JSON in UTF-8 (no lone surrogate escape).
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"handle":"camille","display_name":"Camille","bio":"x"}`,
		`{"display_name":null,"bio":"b"}`,
		`{"lang":"en","default_profile_id":"01JDX3Q6K8Z9V2N4M5P7R8S0T1"}`,
		`{"label":"ci"}`,
		`{"name":"Cortège","registrations":"open","default_lang":"fr"}`,
		`{"title":"Vélorution","start":"2030-05-02T17:00:00Z","coordinates":{"lat":45.7,"lon":4.8},"tags":["vélo"],"questions":[{"label":"Q","kind":"choice","choices":["a","b"]}],"repeat":{"freq":"weekly"}}`,
		`{"coordinates":null,"tags":["a\u0000"]}`, `{"answers":[{"question_id":"Q","value":"\u0000"}]}`, `{"coordinates":{"lat":"x"}}`,
		`{"handle":1}`, `[]`, `{`, `{"a":1}`, `{} {}`, "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, v := range requestTypes() {
			err := decodeJSON(bytes.NewReader(body), v)
			if err == nil {
				if !json.Valid(body) {
					t.Fatalf("%T accepted invalid JSON %q", v, body)
				}
				if !utf8.Valid(body) || loneSurrogate(body) {
					t.Fatalf("%T accepted a body that is not UTF-8: %q", v, body)
				}
				continue
			}
			var he *httpError
			if !errors.As(err, &he) {
				t.Fatalf("%T: %q gave %v, not a request error", v, body, err)
			}
			if he.status != http.StatusBadRequest && he.status != http.StatusRequestEntityTooLarge || he.field == "" || he.code != "invalid" && he.code != codeTooLarge {
				t.Fatalf("%T: %q gave %+v", v, body, he)
			}
		}
	})
}

func TestRefuseNUL(t *testing.T) {
	for body, field := range map[string]string{
		`{"handle":"a\u0000"}`:                   "handle",
		`{"display_name":"ok","bio":"\u0000"}`:   "bio",
		`{"display_name":null,"bio":"fine"}`:     "",
		`{"display_name":"x\u0000","bio":null}`:  "display_name",
		`{"lang":"en","default_profile_id":"a"}`: "",
	} {
		var err error
		if strings.Contains(body, "handle") {
			err = decodeJSON(strings.NewReader(body), &ProfileCreate{})
		} else if strings.Contains(body, "lang") {
			err = decodeJSON(strings.NewReader(body), &MeUpdate{})
		} else {
			err = decodeJSON(strings.NewReader(body), &ProfileUpdate{})
		}
		if field == "" {
			if err != nil {
				t.Errorf("%s: %v", body, err)
			}
			continue
		}
		var he *httpError
		if !errors.As(err, &he) || he.status != http.StatusBadRequest || he.code != cortege.EINVALID || he.field != field {
			t.Errorf("%s: %v, want a 400 naming %s", body, err, field)
		}
	}
}

// Invalid UTF-8 in a body, as raw bytes or as a lone surrogate escape, is
// refused naming the field rather than silently replaced by U+FFFD (the
// web refuses it too). It is a fault of the JSON text itself (RFC 8259
// wants UTF-8), so it is a 400 like a syntax error, the same whoever
// sends it and whatever object the path names.
func TestDecodeJSONRefusesInvalidUTF8(t *testing.T) {
	for _, c := range []struct {
		body  string
		field string // "" when it decodes
	}{
		{`{"title":"Vélo 🏳️‍🌈","tags":["\u00e9","\ud83c\udff3"]}`, ""},
		{"{\"title\":\"a\xff\"}", "title"},
		{"{\"title\":\"ok\",\"place\":\"\xc3\"}", "place"},
		{`{"title":"\ud800"}`, "title"},
		{`{"title":"x\udc00y"}`, "title"},
		{`{"title":"\ud83c\u0041"}`, "title"},
		{`{"tags":["ok","\udfff"]}`, "tags"},
		{`{"questions":[{"label":"\ud800","kind":"text"}]}`, "questions"},
		{"{\"t\xffitle\":\"a\"}", "body"},
		{`{"title":"\\ud800"}`, ""}, // an escaped backslash, then text
		{`{"title":"\u0000"}`, "title"},
	} {
		key := "err.text.utf8"
		if strings.Contains(c.body, `\u0000`) {
			key = "err.api.nul"
		}
		checkDecode(t, c.body, &EventCreate{}, c.field, key)
	}
}

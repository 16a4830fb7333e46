package cli_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/ledger"
)

// tamper is one way to falsify a published log; it returns the forged
// document and, when the verifier must name it, the first bad position
// (-1 when it need not), exact or an upper bound.
type tamper struct {
	name string
	do   func(r *rand.Rand, p *petitionLog, raw []byte, forger ledger.Key) (forged []byte, pos int64, exact bool)
}

func copyDoc(d ledger.Document) ledger.Document {
	d.Entries = append([]ledger.Entry(nil), d.Entries...)
	d.Heads = append([]string(nil), d.Heads...)
	return d
}

func marshalled(d ledger.Document) []byte {
	b, err := d.Marshal()
	if err != nil {
		panic(err)
	}
	return b
}

// rechain renumbers entries from i on and relinks them, as a forger who
// wants an intact chain would.
func rechain(d *ledger.Document, from int) {
	prev := ledger.Genesis(d.Origin)
	if from > 0 {
		prev = d.Entries[from-1].LeafHash()
	}
	for i := from; i < len(d.Entries); i++ {
		d.Entries[i].N, d.Entries[i].Prev = int64(i), prev
		prev = d.Entries[i].LeafHash()
	}
}

var tampers = []tamper{
	{"changed byte anywhere", func(r *rand.Rand, _ *petitionLog, raw []byte, _ ledger.Key) ([]byte, int64, bool) {
		b := bytes.Clone(raw)
		i := r.IntN(len(b) - 1) // not the final newline, which is whitespace
		c := b[i]
		for c == b[i] {
			c = byte(0x20 + r.IntN(0x5f))
		}
		b[i] = c
		return b, -1, false
	}},
	{"changed entry field", func(r *rand.Rand, p *petitionLog, _ []byte, _ ledger.Key) ([]byte, int64, bool) {
		d := copyDoc(p.doc)
		k := r.IntN(len(d.Entries))
		e := &d.Entries[k]
		switch r.IntN(4) {
		case 0:
			e.Prev[r.IntN(32)] ^= byte(1 + r.IntN(255))
		case 1:
			e.Commitment[r.IntN(32)] ^= byte(1 + r.IntN(255))
			if e.Kind == ledger.KindRevoke { // no longer names what it revokes
				return marshalled(d), int64(k), true
			}
			if k < len(d.Entries)-1 { // the next link breaks, or a head ending here
				return marshalled(d), int64(k + 1), false
			}
			return marshalled(d), -1, false // the last head's root tells
		case 2:
			e.N += int64(1 + r.IntN(3))
		case 3:
			if e.Kind == ledger.KindSign {
				e.Kind, e.Revokes = ledger.KindRevoke, int64(r.IntN(k+1))
			} else {
				e.Revokes = (e.Revokes + 1 + int64(r.IntN(5))) % int64(k+1)
			}
		}
		return marshalled(d), int64(k), true
	}},
	{"removed entry", func(r *rand.Rand, p *petitionLog, _ []byte, _ ledger.Key) ([]byte, int64, bool) {
		d := copyDoc(p.doc)
		k := r.IntN(len(d.Entries))
		d.Entries = append(d.Entries[:k], d.Entries[k+1:]...)
		return marshalled(d), int64(k), true // the last: a head now claims more
	}},
	{"removed entry, chain rebuilt", func(r *rand.Rand, p *petitionLog, _ []byte, _ ledger.Key) ([]byte, int64, bool) {
		d := copyDoc(p.doc)
		k := r.IntN(len(d.Entries) - 1)
		d.Entries = append(d.Entries[:k], d.Entries[k+1:]...)
		rechain(&d, k)
		return marshalled(d), -1, false
	}},
	{"reordered entries", func(r *rand.Rand, p *petitionLog, _ []byte, _ ledger.Key) ([]byte, int64, bool) {
		d := copyDoc(p.doc)
		i, j := r.IntN(len(d.Entries)), r.IntN(len(d.Entries)-1)
		if j >= i {
			j++
		}
		d.Entries[i], d.Entries[j] = d.Entries[j], d.Entries[i]
		return marshalled(d), int64(min(i, j)), true
	}},
	{"reordered entries, chain rebuilt", func(r *rand.Rand, p *petitionLog, _ []byte, _ ledger.Key) ([]byte, int64, bool) {
		d := copyDoc(p.doc)
		i := r.IntN(len(d.Entries) - 1)
		d.Entries[i], d.Entries[i+1] = d.Entries[i+1], d.Entries[i]
		rechain(&d, i)
		return marshalled(d), -1, false
	}},
	{"inserted forged entry", func(r *rand.Rand, p *petitionLog, _ []byte, _ ledger.Key) ([]byte, int64, bool) {
		d := copyDoc(p.doc)
		k := r.IntN(len(d.Entries))
		var c ledger.Hash
		for i := range c {
			c[i] = byte(r.Uint32())
		}
		forged := ledger.Entry{Kind: ledger.KindSign, Commitment: c}
		d.Entries = append(d.Entries[:k], append([]ledger.Entry{forged}, d.Entries[k:]...)...)
		rechain(&d, k)
		return marshalled(d), -1, false
	}},
	{"changed head", func(r *rand.Rand, p *petitionLog, _ []byte, _ ledger.Key) ([]byte, int64, bool) {
		d := copyDoc(p.doc)
		h := r.IntN(len(d.Heads))
		lines := strings.Split(d.Heads[h], "\n")
		switch r.IntN(4) {
		case 0:
			n, _ := strconv.Atoi(lines[1])
			lines[1] = strconv.Itoa(n + 1 + r.IntN(3))
		case 1:
			lines[3] = fmt.Sprintf("count %d", 1000+r.IntN(100))
		case 2:
			lines[4] = strings.Replace(lines[4], "T09:", "T08:", 1)
		case 3:
			root, _ := base64.StdEncoding.DecodeString(lines[2])
			root[r.IntN(len(root))] ^= 0x80
			lines[2] = base64.StdEncoding.EncodeToString(root)
		}
		d.Heads[h] = strings.Join(lines, "\n")
		return marshalled(d), -1, false
	}},
	{"forged signature", func(r *rand.Rand, p *petitionLog, _ []byte, forger ledger.Key) ([]byte, int64, bool) {
		d := copyDoc(p.doc)
		h := r.IntN(len(d.Heads))
		text, _, _ := strings.Cut(d.Heads[h], "\n\n")
		if r.IntN(2) == 0 { // same key name and hash, random signature bytes
			lines := strings.Split(d.Heads[h], "\n")
			sig, _ := base64.StdEncoding.DecodeString(strings.Fields(lines[len(lines)-2])[2])
			for i := 4; i < len(sig); i++ {
				sig[i] = byte(r.Uint32())
			}
			lines[len(lines)-2] = "— " + p.key.Signer.Name() + " " + base64.StdEncoding.EncodeToString(sig)
			d.Heads[h] = strings.Join(lines, "\n")
		} else { // a head raising the count, signed by another key of the same name
			hd, _ := ledger.ParseHeadText(text + "\n")
			hd.Count += 5
			d.Heads[h], _ = hd.Sign(forger.Signer)
		}
		return marshalled(d), -1, false
	}},
	{"truncated log, head claiming more", func(r *rand.Rand, p *petitionLog, _ []byte, _ ledger.Key) ([]byte, int64, bool) {
		d := copyDoc(p.doc)
		cut := 1 + r.IntN(len(d.Entries)/3)
		d.Entries = d.Entries[:len(d.Entries)-cut]
		return marshalled(d), int64(len(d.Entries)), true
	}},
}

var positionRE = regexp.MustCompile(`FAIL: position (\d+)`)

// TestPetitionVerifyDetectsTampering is the Must-show: 1,000 random
// falsifications of a published log, each refused by `cortege petition
// verify` (the command itself, on a file, with the instance's key), and
// the untouched log accepted. Where a tampering breaks the chain at a known
// place, the report must name that position. A forger who rebuilds the
// chain after their change is caught by the next signed head's root (or by
// a revocation that no longer matches, whichever comes first), which names
// the first entry it cannot vouch for rather than the forged one.
func TestPetitionVerifyDetectsTampering(t *testing.T) {
	p := newPetitionLog(t, 150, 12)
	raw := p.raw(t)
	t.Logf("log of %d entries, %d heads, %d bytes", len(p.doc.Entries), len(p.doc.Heads), len(raw))
	forger, err := ledger.LoadOrCreateKey(t.TempDir(), "cortege.test")
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, nil, "petition", "verify", writeFile(t, "log.json", raw), "--key", p.key.Public); code != 0 {
		t.Fatalf("untouched log refused: exit %d\n%s%s", code, out, errs)
	}
	forgedPath := filepath.Join(t.TempDir(), "forged.json")
	r := rand.New(rand.NewPCG(13, 2026))
	detected := map[string]int{}
	for i := range 1000 {
		tp := tampers[i%len(tampers)]
		forged, pos, exact := tp.do(r, p, raw, forger)
		if bytes.Equal(forged, raw) {
			t.Fatalf("%d %s: the tampering changed nothing", i, tp.name)
		}
		if err := os.WriteFile(forgedPath, forged, 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errs := run(t, nil, "petition", "verify", forgedPath, "--key", p.key.Public)
		if code == 0 || !strings.Contains(out, "FAIL: ") {
			t.Fatalf("%d %s: not detected (exit %d)\n%s%s", i, tp.name, code, out, errs)
		}
		if pos >= 0 {
			m := positionRE.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("%d %s: no position named, want %d\n%s", i, tp.name, pos, out)
			}
			got, _ := strconv.ParseInt(m[1], 10, 64)
			if exact && got != pos || !exact && got > pos {
				t.Fatalf("%d %s: position %d named, want %d (exact %v)\n%s", i, tp.name, got, pos, exact, out)
			}
		}
		detected[tp.name]++
	}
	for _, tp := range tampers {
		t.Logf("%-36s %3d detected", tp.name, detected[tp.name])
	}
}

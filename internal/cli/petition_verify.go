package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"codeberg.org/cortege/cortege/internal/fetch"
	"codeberg.org/cortege/cortege/internal/ledger"
)

// errVerify marks a verification failure already reported on stdout.
var errVerify = errors.New("verification failed")

// cmdPetitionVerify checks a published petition log (a file or a URL) and,
// with --receipt, a signer's receipt, from public data only. It prints a
// report and fails naming the first bad position.
func cmdPetitionVerify(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "petition verify", "petition verify URL|FILE [--receipt FILE] [--key VKEY]")
	receipt := fs.String("receipt", "", "a signer's receipt (JSON file) to check for inclusion")
	var keys []string
	fs.Func("key", "the instance's verifier key (name+hash+base64), obtained out of band; repeat it for an instance that changed keys; without it the key in the log is trusted on first use", func(v string) error {
		keys = append(keys, v)
		return nil
	})
	kept := fs.String("head", "", "a signed head kept from an earlier run (see --save-head): the log must extend it")
	save := fs.String("save-head", "", "after a successful check, write the latest signed head to this file")
	maxMB := fs.Int64("max-mb", 512, "largest log to fetch, in MiB")
	loopback := fs.Bool("allow-loopback", false, "let the fetch reach 127.0.0.1 and ::1 (a local instance, tests)")
	// Flags may follow the operand: move it last for the standard parser.
	var operand []string
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--receipt" || a == "-receipt" || a == "--key" || a == "-key" || a == "--max-mb" || a == "-max-mb" ||
			a == "--head" || a == "-head" || a == "--save-head" || a == "-save-head":
			rest = append(rest, a)
			if i+1 < len(args) {
				rest = append(rest, args[i+1])
				i++
			}
		case strings.HasPrefix(a, "-"):
			rest = append(rest, a)
		default:
			operand = append(operand, a)
		}
	}
	if err := parseFlags(fs, rest); err != nil {
		return err
	}
	if len(operand) != 1 {
		fs.Usage()
		return errUsage
	}
	raw, err := readLog(ctx, operand[0], *maxMB<<20, *loopback)
	if err != nil {
		return err
	}
	var rc *ledger.Receipt
	if *receipt != "" {
		b, err := os.ReadFile(*receipt)
		if err != nil {
			return err
		}
		r, err := ledger.ParseReceipt(b)
		if err != nil {
			return err
		}
		rc = &r
	}
	var keptHead string
	if *kept != "" {
		b, err := os.ReadFile(*kept)
		if err != nil {
			return err
		}
		keptHead = string(b)
	}
	latest, err := verifyLog(env.Stdout, raw, keys, rc, keptHead)
	if err != nil || *save == "" || latest == "" {
		return err
	}
	return os.WriteFile(*save, []byte(latest), 0o644)
}

// readLog reads a file, or fetches an http(s) URL through the SSRF-guarded
// client.
func readLog(ctx context.Context, src string, maxBody int64, loopback bool) ([]byte, error) {
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
		return os.ReadFile(src)
	}
	c := fetch.New(fetch.Options{Timeout: 5 * time.Minute, MaxBody: maxBody, UserAgent: "Cortège petition verify", AllowLoopback: loopback})
	resp, err := c.Get(ctx, src, http.Header{"Accept": {"application/json"}})
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d", src, resp.StatusCode)
	}
	return resp.Body, nil
}

// verifyLog checks raw with the trusted keys (or the log's own, trusted on
// first use), that it extends the kept head if any, and rc if given,
// printing the report to w. It returns the latest signed head.
func verifyLog(w io.Writer, raw []byte, keys []string, rc *ledger.Receipt, keptHead string) (string, error) {
	fail := func(err error) (string, error) {
		fmt.Fprintf(w, "FAIL: %v\n", err)
		return "", errVerify
	}
	doc, err := ledger.ParseDocument(raw)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(w, "log      %s\n", doc.Origin)
	trust := keys
	switch {
	case len(keys) == 0:
		trust = []string{doc.Key}
		fmt.Fprintf(w, "key      %s (taken from the log itself: trusted on first use; compare it with the key the instance publishes, or pass --key)\n", doc.Key)
	case !slices.Contains(keys, doc.Key):
		fmt.Fprintf(w, "key      %s (given; the log names another key, %s)\n", strings.Join(keys, ", "), doc.Key)
	default:
		fmt.Fprintf(w, "key      %s (given, and named by the log)\n", strings.Join(keys, ", "))
	}
	vs, err := ledger.Verifiers(trust...)
	if err != nil {
		return fail(err)
	}
	rep, err := ledger.Verify(doc, vs)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(w, "entries  %d (%d signatures, %d withdrawals), positions and hash chain intact\n", rep.Entries, rep.Signs, rep.Revokes)
	if len(rep.Heads) == 0 {
		fmt.Fprintln(w, "heads    none signed yet: nothing is attested")
	} else {
		last := rep.Heads[len(rep.Heads)-1]
		fmt.Fprintf(w, "heads    %d signed, valid and consistent with the entries; latest: %d entries at %s\n",
			len(rep.Heads), last.Size, last.Time.Format(time.RFC3339))
	}
	if keptHead != "" {
		h, err := ledger.OpenHead(keptHead, vs)
		if err != nil {
			return fail(fmt.Errorf("kept head: %w", err))
		}
		if err := ledger.CheckExtends(doc, rep, h); err != nil {
			return fail(err)
		}
		fmt.Fprintf(w, "extends  the kept head of %d entries signed %s\n", h.Size, h.Time.Format(time.RFC3339))
	}
	fmt.Fprintf(w, "count    %d (attested by the latest head)\n", rep.SignedCount)
	if tail := rep.Entries - rep.SignedSize; tail > 0 {
		fmt.Fprintf(w, "tail     %d entries after the latest head, not signed yet (count over all entries: %d)\n", tail, rep.Count)
	}
	if rc != nil {
		st, err := ledger.VerifyReceipt(doc, rep, *rc)
		if err != nil {
			return fail(fmt.Errorf("receipt: %w", err))
		}
		fmt.Fprintf(w, "receipt  position %d: commitment opens, included in the signed tree of %d entries (Merkle proof checked)\n", st.N, st.Head.Size)
		if st.RevokedAt >= 0 {
			fmt.Fprintf(w, "receipt  WITHDRAWN: revoked at position %d, no longer counted\n", st.RevokedAt)
		} else {
			fmt.Fprintln(w, "receipt  counted")
		}
	}
	fmt.Fprintln(w, "OK")
	if len(doc.Heads) == 0 {
		return "", nil
	}
	return doc.Heads[len(doc.Heads)-1], nil
}

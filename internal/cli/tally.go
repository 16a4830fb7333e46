package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"codeberg.org/cortege/cortege/internal/fetch"
	"codeberg.org/cortege/cortege/internal/ledger"
	"codeberg.org/cortege/cortege/internal/tally"
)

// cmdTally dispatches the tally subcommands.
func cmdTally(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(env.Stderr, `Usage: cortege tally SUBCOMMAND [flags]

Subcommands:
  verify  recount a vote's published board and check it: URL|FILE [--key VKEY] [--ballot ID] [--head F] [--save-head F] [--json]
`)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	if args[0] != "verify" {
		fmt.Fprintf(env.Stderr, "cortege tally: unknown subcommand %q (verify)\n", args[0])
		return errUsage
	}
	return cmdTallyVerify(ctx, env, args[1:])
}

// cmdTallyVerify checks a closed vote's board (a file or a URL) from public
// data only and prints every check and every result (docs/tally.md); it
// fails, naming the ballot, at the first check that does not hold.
func cmdTallyVerify(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "tally verify", "tally verify URL|FILE [--key VKEY] [--ballot ID] [--head F] [--save-head F] [--json]")
	var keys []string
	fs.Func("key", "the instance's verifier key (name+hash+base64), obtained out of band; repeat it for an instance that changed keys; without it the key in the board is trusted on first use", func(v string) error {
		keys = append(keys, v)
		return nil
	})
	asJSON := fs.Bool("json", false, "print the results as JSON (the report's results array) instead of text")
	ballot := fs.String("ballot", "", "a voter's receipt: the ballot ID to find on the board and show")
	kept := fs.String("head", "", "a signed head of the vote's ledger kept earlier (while the vote was open, or from another run): the board must extend it")
	save := fs.String("save-head", "", "after a successful check, write the board's latest signed head to this file")
	maxMB := fs.Int64("max-mb", 2048, "largest board to read, in MiB")
	loopback := fs.Bool("allow-loopback", false, "let the fetch reach 127.0.0.1 and ::1 (a local instance, tests)")
	var operand, rest []string
	for i := 0; i < len(args); i++ { // flags may follow the operand
		a := args[i]
		switch {
		case a == "--key" || a == "-key" || a == "--max-mb" || a == "-max-mb" || a == "--ballot" || a == "-ballot" ||
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
	var keptHead string
	if *kept != "" {
		b, err := os.ReadFile(*kept)
		if err != nil {
			return err
		}
		keptHead = string(b)
	}
	limit := *maxMB << 20
	r, closeBoard, err := openBoard(ctx, operand[0], limit, *loopback)
	if err != nil {
		return err
	}
	defer closeBoard()
	latest, err := verifyBoard(env.Stdout, r, limit, keys, boardOptions{json: *asJSON, ballot: *ballot, keptHead: keptHead})
	if err != nil || *save == "" {
		return err
	}
	return os.WriteFile(*save, []byte(latest), 0o644)
}

// boardOptions are verifyBoard's optional checks and output.
type boardOptions struct {
	json     bool   // results as JSON
	ballot   string // a ballot ID to show
	keptHead string // a signed head the board must extend
}

// openBoard opens a file, or fetches an http(s) URL through the
// SSRF-guarded client.
func openBoard(ctx context.Context, src string, limit int64, loopback bool) (io.Reader, func(), error) {
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
		f, err := os.Open(src)
		if err != nil {
			return nil, nil, err
		}
		return f, func() { f.Close() }, nil
	}
	c := fetch.New(fetch.Options{Timeout: 10 * time.Minute, MaxBody: limit, UserAgent: "Cortège tally verify", AllowLoopback: loopback})
	resp, err := c.Get(ctx, src, http.Header{"Accept": {"application/json"}})
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("GET %s: status %d", src, resp.StatusCode)
	}
	return bytes.NewReader(resp.Body), func() {}, nil
}

// verifyBoard parses and verifies the board read from r, trusting keys
// (or the board's own key, on first use), and prints the checks and the
// results to w, or the first failure; with a ballot ID, that ballot too
// (and fails when it is not on the board); with a kept head, it demands
// that the board extend it. It returns the board's latest head.
func verifyBoard(w io.Writer, r io.Reader, limit int64, keys []string, o boardOptions) (string, error) {
	out := w
	if o.json {
		out = io.Discard // the checks go nowhere; the results are the output
	}
	fail := func(err error) (string, error) {
		fmt.Fprintf(w, "FAIL: %v\n", err)
		return "", errVerify
	}
	b, err := tally.ParseBoard(r, limit)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(out, "board     %s\n", b.Origin)
	fmt.Fprintf(out, "title     %s\n", b.Title)
	trust := keys
	switch {
	case len(keys) == 0:
		trust = []string{b.Key}
		fmt.Fprintf(out, "key       %s (taken from the board itself: trusted on first use; compare it with the key the instance publishes, or pass --key)\n", b.Key)
	case !slices.Contains(keys, b.Key):
		fmt.Fprintf(out, "key       %s (given; the board names another key, %s)\n", strings.Join(keys, ", "), b.Key)
	default:
		fmt.Fprintf(out, "key       %s (given, and named by the board)\n", strings.Join(keys, ", "))
	}
	vs, err := ledger.Verifiers(trust...)
	if err != nil {
		return fail(err)
	}
	rep, err := tally.VerifyBoard(b, vs)
	if err != nil {
		return fail(err)
	}
	at := -1
	if o.ballot != "" {
		if at = b.Find(o.ballot); at < 0 {
			return fail(fmt.Errorf("ballot %s is not on the board", o.ballot))
		}
	}
	var extends string
	if o.keptHead != "" {
		h, err := ledger.OpenHead(o.keptHead, vs)
		if err != nil {
			return fail(fmt.Errorf("kept head: %w", err))
		}
		if err := ledger.CheckExtends(b.Ledger(), rep.Ledger, h); err != nil {
			return fail(err)
		}
		extends = fmt.Sprintf("extends   the kept head of %d entries signed %s\n", h.Size, h.Time.Format(time.RFC3339))
	}
	latest := b.Heads[len(b.Heads)-1]
	if o.json {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return latest, enc.Encode(map[string]any{"origin": b.Origin, "ballots": rep.Ballots, "counted": rep.Counted, "signoffs": b.SignOffs, "results": rep.Results})
	}
	tally.WriteSummary(out, b, rep)
	io.WriteString(out, extends)
	if at >= 0 {
		tally.WriteBallot(out, b, rep, at)
	}
	tally.WriteResults(out, b.Questions, rep.Results)
	fmt.Fprintln(out, "\nOK")
	return latest, nil
}

package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"codeberg.org/cortege/cortege/internal/roll"
)

// cmdRollSearch runs one query, or a batch file of queries, on a roll.
func cmdRollSearch(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "roll search", `roll search --roll NAME "jean dupond" [--born DATE] [--dept 75] [--commune CODE] [--exact] [--limit 20]
       cortege roll search --roll NAME --batch FILE [--exact] [--limit 20]`)
	data := addDataFlag(fs, env)
	name := fs.String("roll", "", "roll name")
	born := fs.String("born", "", "birth date: DD/MM/YYYY, YYYY-MM-DD or a year")
	dept := fs.String("dept", "", "département code")
	commune := fs.String("commune", "", "commune INSEE code or name")
	exact := fs.Bool("exact", false, "list only entries matching every given field")
	limit := fs.Int("limit", 20, "number of results")
	batch := fs.String("batch", "", "file of queries, one per line: name<TAB>birth date<TAB>département; writes JSON lines")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if *name == "" || (*batch == "") == (len(pos) == 0) {
		fs.Usage()
		return errUsage
	}
	ix, err := openRoll(*data, *name)
	if err != nil {
		return err
	}
	defer ix.Close()
	if *batch != "" {
		return searchBatch(ctx, env, ix, *batch, *exact, *limit)
	}
	q := roll.Query{Name: strings.Join(pos, " "), Born: *born, Dept: *dept, Commune: *commune, Exact: *exact, Limit: *limit}
	start := time.Now()
	res, err := ix.Search(q)
	if err != nil {
		return err
	}
	took := time.Since(start)
	w := bufio.NewWriter(env.Stdout)
	for i, r := range res {
		fmt.Fprintf(w, "%2d. %7.3f  %s\n", i+1, r.Score, describeEntry(r.Entry))
	}
	fmt.Fprintf(w, "%d results in %s\n", len(res), took.Round(time.Microsecond))
	return w.Flush()
}

// describeEntry formats an entry on one line.
func describeEntry(e roll.Entry) string {
	var b strings.Builder
	b.WriteString(e.BirthName)
	if e.UsageName != "" {
		fmt.Fprintf(&b, " (usage %s)", e.UsageName)
	}
	fmt.Fprintf(&b, " %s", e.FirstNames)
	if e.Born != 0 {
		fmt.Fprintf(&b, ", born %s", e.Born)
	}
	if e.Sex != roll.SexUnknown {
		fmt.Fprintf(&b, ", %s", e.Sex)
	}
	fmt.Fprintf(&b, ", %s %s (%s), %s list", e.Place.Dept, e.Place.Name, e.Place.Code, e.Kind)
	if e.Aberrant {
		b.WriteString(", flagged")
	}
	fmt.Fprintf(&b, ", id %s — %s:%d", e.ID, e.File, e.Line)
	return b.String()
}

// parseInterleaved parses flags that may come before or after positional
// arguments, returning the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" && len(args) > 0 {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

type batchResult struct {
	File  string  `json:"file"`
	Line  int     `json:"line"`
	Score float64 `json:"score"`
}

type batchLine struct {
	Query   int           `json:"query"`
	Micros  int64         `json:"micros"`
	Results []batchResult `json:"results"`
	Error   string        `json:"error,omitempty"`
}

// searchBatch answers one query per line of path with one JSON line each.
// Query text is never logged.
func searchBatch(ctx context.Context, env Env, ix *roll.Index, path string, exact bool, limit int) error {
	var in io.Reader = env.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	w := bufio.NewWriter(env.Stdout)
	enc := json.NewEncoder(w)
	n := 0
	for sc.Scan() {
		n++
		if n&255 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		parts := strings.Split(strings.TrimRight(sc.Text(), "\r"), "\t")
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		q := roll.Query{Name: parts[0], Born: strings.TrimSpace(parts[1]), Dept: strings.TrimSpace(parts[2]), Exact: exact, Limit: limit}
		start := time.Now()
		res, err := ix.Search(q)
		out := batchLine{Query: n, Micros: time.Since(start).Microseconds(), Results: make([]batchResult, 0, len(res))}
		if err != nil {
			out.Error = err.Error()
		}
		for _, r := range res {
			out.Results = append(out.Results, batchResult{File: r.File, Line: r.Line, Score: r.Score})
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return w.Flush()
}

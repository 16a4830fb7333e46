package tally

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// WriteSummary writes what VerifyBoard checked, one line per check, in the
// stable form `cortege tally verify` prints (docs/tally.md).
func WriteSummary(w io.Writer, b Board, r Report) {
	fmt.Fprintf(w, "ledger    %d entries (opening, %d ballots, closing), positions and hash chain intact\n", r.Ledger.Entries, r.Ballots)
	last := r.Ledger.Heads[len(r.Ledger.Heads)-1]
	fmt.Fprintf(w, "heads     %d signed, valid and consistent; the latest covers the closing, signed %s\n", len(r.Ledger.Heads), last.Time.Format(time.RFC3339))
	if b.TokenKey != "" {
		bits := 0
		if pk, err := TokenPublicKey(b.TokenKey); err == nil {
			bits = pk.N.BitLen()
		}
		fmt.Fprintf(w, "tokens    RSA key of %d bits, RSABSSA-SHA384-PSS-Randomized (RFC 9474): %d counted ballots, every signature verified\n", bits, r.ByToken)
	} else {
		fmt.Fprintln(w, "tokens    none (the vote publishes no token key)")
	}
	if b.TokenKey != "" || len(b.Codes) > 0 {
		fmt.Fprintf(w, "codes     %d issued, %d used, each once and among those issued\n", r.Codes, r.ByCode)
	} else {
		fmt.Fprintf(w, "codes     none: neither tokens nor codes, %d ballots carry no proof of eligibility\n", r.Unproved)
	}
	if b.Revote {
		fmt.Fprintf(w, "revote    allowed: the last ballot of each slot counts, %d superseded\n", r.Superseded)
	} else {
		fmt.Fprintln(w, "revote    not allowed: no token or code used twice")
	}
	fmt.Fprintf(w, "ballots   %d on the board, %d counted\n", r.Ballots, r.Counted)
	fmt.Fprintf(w, "signoffs  %d on the sign-in sheet, %d ballots counted: no more ballots than sign-offs\n", b.SignOffs, r.Counted)
}

// WriteResults writes every question's result in the stable form `cortege
// tally verify` prints and the results page matches (docs/tally.md):
// shares are Percent, STV votes FormatVotes.
func WriteResults(w io.Writer, questions []Question, results []Result) {
	for k, q := range questions {
		r := results[k]
		fmt.Fprintf(w, "\nquestion  %s: %s (%s, %s)\n", q.ID, q.Title, q.Kind, q.Method)
		fmt.Fprintf(w, "  answers %d, blank %d, valid %d\n", r.Answers, r.Blank, r.Valid)
		width := 0
		for _, o := range q.Options {
			width = max(width, utf8.RuneCountInString(o))
		}
		name := func(o int) string { return pad(q.Options[o], width) }
		switch {
		case r.Counts != nil:
			for o, c := range r.Counts.Counts {
				fmt.Fprintf(w, "  %d. %s  %d  %s %%\n", r.Rank[o], name(o), c, Percent(c, r.Valid))
			}
		case r.Judgement != nil:
			j := r.Judgement
			fmt.Fprintf(w, "  grades  %s (best first)\n", strings.Join(j.Grades, " | "))
			for o := range q.Options {
				median := "none"
				if j.Median[o] >= 0 {
					median = j.Grades[j.Median[o]]
				}
				fmt.Fprintf(w, "  %d. %s  majority grade %s, %d above, %d below; grades %s\n", r.Rank[o], name(o), median, j.Better[o], j.Worse[o], ints(j.Distribution[o], " | "))
			}
		case r.Schulze != nil:
			s := r.Schulze
			fmt.Fprintf(w, "  d: answers preferring the row to each option, p: strongest paths, columns in the order %s\n", strings.Join(q.Options, ", "))
			for o := range q.Options {
				fmt.Fprintf(w, "  %d. %s  d %s; p %s\n", r.Rank[o], name(o), row(s.D[o], o), row(s.P[o], o))
			}
		case r.STV != nil:
			writeSTV(w, q, r, name)
		}
		writeWinners(w, q, r)
	}
}

func writeSTV(w io.Writer, q Question, r Result, name func(int) string) {
	s := r.STV
	fmt.Fprintf(w, "  seats %d, quota %s\n", s.Seats, FormatVotes(s.Quota))
	for i, st := range s.Stages {
		head := fmt.Sprintf("  stage %d: %s", i+1, st.Action)
		switch st.Action {
		case "surplus":
			head += fmt.Sprintf(" of %s, %s transferred", q.Options[st.Candidate], FormatVotes(st.Value))
		case "exclusion":
			head += fmt.Sprintf(" of %s, %s transferred", q.Options[st.Candidate], FormatVotes(st.Value))
		}
		if st.LotTie {
			head += " (a tie broken by the order of the options)"
		}
		fmt.Fprintln(w, head)
		for o := range q.Options {
			fmt.Fprintf(w, "    %s  %s\n", name(o), FormatVotes(st.Votes[o]))
		}
		fmt.Fprintf(w, "    non-transferable %s, lost to rounding %s\n", FormatVotes(st.NonTransferable), FormatVotes(st.Lost))
		if len(st.Elected) > 0 {
			fmt.Fprintf(w, "    elected: %s\n", names(q, st.Elected))
		}
	}
}

func writeWinners(w io.Writer, q Question, r Result) {
	switch {
	case len(r.Winners) == 0:
		fmt.Fprintln(w, "  result: no valid answer")
	case r.Method == STV && r.Tied:
		fmt.Fprintf(w, "  elected: %s (a tie was broken by the order of the options)\n", names(q, r.Winners))
	case r.Method == STV:
		fmt.Fprintf(w, "  elected: %s\n", names(q, r.Winners))
	case r.Tied:
		fmt.Fprintf(w, "  result: tie between %s\n", names(q, r.Winners))
	default:
		fmt.Fprintf(w, "  result: %s\n", names(q, r.Winners))
	}
}

func names(q Question, os []int) string {
	s := make([]string, len(os))
	for i, o := range os {
		s[i] = q.Options[o]
	}
	return strings.Join(s, ", ")
}

func ints(xs []int, sep string) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, sep)
}

// row is a matrix row with "-" on the diagonal.
func row(xs []int, self int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
		if i == self {
			s[i] = "-"
		}
	}
	return strings.Join(s, " ")
}

// pad fills s with spaces to width runes.
func pad(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// Find is the position of the ballot whose ID is id, or -1.
func (b Board) Find(id string) int {
	for i, x := range b.Ballots {
		if x.Ballot.ID == id {
			return i
		}
	}
	return -1
}

// WriteBallot writes what the board says of the ballot at position i (a
// voter's receipt: their ballot ID), in the stable form `cortege tally
// verify --ballot ID` prints.
func WriteBallot(w io.Writer, b Board, r Report, i int) {
	bl := b.Ballots[i].Ballot
	status := "counted"
	if j, gone := r.SupersededBy[i]; gone {
		status = fmt.Sprintf("superseded by ballot %d, cast later with the same token (re-voting)", j)
	}
	fmt.Fprintf(w, "receipt   ballot %s is ballot %d of the board: %s\n", bl.ID, i, status)
	for k, q := range b.Questions {
		fmt.Fprintf(w, "          %s: %s\n", q.ID, FormatAnswer(q, bl.Answers[k]))
	}
}

// FormatAnswer writes an answer as the receipt shows it: "blank"; the
// option; the options chosen, or "none"; the ranking "1. A, 2. B"; or each
// option's grade "A: good, B: poor".
func FormatAnswer(q Question, a Answer) string {
	if a.Blank {
		return "blank"
	}
	switch q.Kind {
	case KindSingle, KindYesNo:
		return q.Options[a.Choices[0]]
	case KindMultiple:
		if len(a.Choices) == 0 {
			return "none"
		}
		return names(q, a.Choices)
	case KindRanking:
		s := make([]string, len(a.Choices))
		for i, o := range a.Choices {
			s[i] = fmt.Sprintf("%d. %s", i+1, q.Options[o])
		}
		return strings.Join(s, ", ")
	case KindGrades:
		s := make([]string, len(a.Grades))
		for o, g := range a.Grades {
			s[o] = q.Options[o] + ": " + q.Grades[g]
		}
		return strings.Join(s, ", ")
	}
	return ""
}

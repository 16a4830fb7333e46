package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/tally"
)

// maxBoardBytes bounds the board the lookup page reads back (the board
// the service wrote: the limit only guards memory).
const maxBoardBytes = 1 << 31

// voteBoardData is the board's page: finding one's ballot by its ID, and
// how to recount the whole board.
type voteBoardData struct {
	C       *cortege.Consultation
	Path    string
	Public  bool   // the board can be read
	Closes  string // when it closes, in its zone
	Zone    string
	Query   string // the ballot ID asked for
	Found   *boardLine
	Missing bool // asked for, not on the board
	Ballots int
	JSON    string // the board's address
	Verify  string // the recount command
}

// boardLine is one ballot as the board shows it.
type boardLine struct {
	ID         string
	Position   int64 // its entry in the ledger
	Answers    []boardAnswer
	Prev       string // the previous entry's leaf hash (hex): the chain
	Commitment string // the ballot's hash (hex)
	Leaf       string // this entry's leaf hash (hex)
	Superseded bool   // re-voting: a later ballot of the same token counts
}

// boardAnswer is a question and what the ballot chose.
type boardAnswer struct {
	Question string
	Answer   string
}

// handleVoteBoardJSON serves the board of a closed vote, once its results
// are published (its managers from the closing): before, a 404 page
// saying the board comes with the results.
func (w *Web) handleVoteBoardJSON(rw http.ResponseWriter, r *http.Request) error {
	var buf bytes.Buffer
	if err := w.svc.WriteBoard(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"), &buf); err != nil {
		return boardEmbargo(err)
	}
	h := rw.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Disposition", `inline; filename="board.json"`)
	h.Set("Cache-Control", "no-cache")
	_, err := rw.Write(buf.Bytes())
	return err
}

// boardEmbargo turns the service's embargo into the 404 page saying when
// the board comes.
func boardEmbargo(err error) error {
	if e := cortege.ErrorOf(err); e != nil && e.Code == cortege.EFORBIDDEN && e.Message == "err.consultation.embargo" {
		return cortege.Errorf(cortege.ENOTFOUND, "votepage.board.embargo")
	}
	return err
}

// handleVoteBoard is the board's page: ?ballot=ID shows that ballot's
// line as the board has it (its choices, its place in the hash chain).
func (w *Web) handleVoteBoard(rw http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := httpx.Actor(ctx)
	v, err := w.svc.Consultation(ctx, a, r.PathValue("id"))
	if err != nil {
		return err
	}
	c := v.Consultation
	if !c.Secret {
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	lang := info(r).lang
	d := &voteBoardData{C: c, Path: "/votes/" + c.ID, Closes: voteTime(c.ClosesAt, c.Location(), lang), Zone: c.Location().String(),
		Query: strings.ToLower(strings.TrimSpace(truncate(r.URL.Query().Get("ballot"), 64)))}
	d.JSON = w.abs(d.Path + "/board.json")
	d.Verify = "cortege tally verify " + d.JSON
	var buf bytes.Buffer
	switch err := w.svc.WriteBoard(ctx, a, c.ID, &buf); {
	case err == nil:
		d.Public = true
	case boardEmbargo(err) != err:
	default:
		return err
	}
	if d.Public {
		b, err := tally.ParseBoard(&buf, maxBoardBytes)
		if err != nil {
			return err
		}
		d.Ballots = len(b.Ballots)
		if d.Query != "" {
			if i := b.Find(d.Query); i >= 0 {
				d.Found = w.boardLineOf(lang, b, i)
			} else {
				d.Missing = true
			}
		}
	}
	p, err := w.newPage(r, "votepage.board.title", d)
	if err != nil {
		return err
	}
	p.Title = w.cat.T(p.Lang, "votepage.board.title_of", c.Title)
	p.Meta.closed(p)
	h := rw.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	return w.write(rw, http.StatusOK, "vote_board", p)
}

// boardLineOf is the board's ballot at i, its answers written out.
func (w *Web) boardLineOf(lang string, b tally.Board, i int) *boardLine {
	x := b.Ballots[i]
	leaf := x.Entry.LeafHash()
	l := &boardLine{ID: x.Ballot.ID, Position: x.Entry.N, Prev: fmt.Sprintf("%x", x.Entry.Prev[:]),
		Commitment: fmt.Sprintf("%x", x.Entry.Commitment[:]), Leaf: fmt.Sprintf("%x", leaf[:])}
	if b.Revote && x.Ballot.Slot != "" {
		for _, y := range b.Ballots[i+1:] {
			if y.Ballot.Slot == x.Ballot.Slot {
				l.Superseded = true
			}
		}
	}
	for k, q := range b.Questions {
		if k < len(x.Ballot.Answers) {
			l.Answers = append(l.Answers, boardAnswer{Question: q.Title, Answer: w.answerText(lang, q, x.Ballot.Answers[k])})
		}
	}
	return l
}

// answerText writes an answer as the receipt of `cortege tally verify
// --ballot` does (tally.FormatAnswer), with the words translated.
func (w *Web) answerText(lang string, q tally.Question, a tally.Answer) string {
	opt := func(o int) string {
		if o < 0 || o >= len(q.Options) {
			return "?"
		}
		if q.Kind == tally.KindYesNo {
			return w.cat.T(lang, "votepage.ballot."+q.Options[o])
		}
		return q.Options[o]
	}
	if a.Blank {
		return w.cat.T(lang, "votepage.answer.blank")
	}
	var parts []string
	switch q.Kind {
	case tally.KindRanking:
		for i, o := range a.Choices {
			parts = append(parts, fmt.Sprintf("%d. %s", i+1, opt(o)))
		}
	case tally.KindGrades:
		for o, g := range a.Grades {
			grade := "?"
			if g >= 0 && g < len(q.Grades) {
				grade = q.Grades[g]
			}
			parts = append(parts, opt(o)+w.cat.T(lang, "punct.colon")+" "+grade)
		}
	default:
		for _, o := range a.Choices {
			parts = append(parts, opt(o))
		}
	}
	if len(parts) == 0 {
		return w.cat.T(lang, "votepage.answer.none")
	}
	return strings.Join(parts, ", ")
}

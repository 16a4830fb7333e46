package service_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// consultationInput is a consultation with linked answers, open from an
// hour ago for three hours.
func consultationInput(e *env, groupID, audience string) service.ConsultationInput {
	in := voteInput(e, groupID, audience)
	in.Title, in.Secret = "Enquête auprès des membres", false
	return in
}

func fptr(v float64) *float64 { return &v }

// openSurvey creates and opens a consultation asking: q1 yes/no, q2 free
// text shown when q1 is "yes" (required then), q3 a whole number from 0
// to 10 (optional), q4 multiple choice, and, unless codes, q5 an ideas
// box.
func openSurvey(t *testing.T, e *env, admin cortege.Actor, in service.ConsultationInput) *cortege.Consultation {
	t.Helper()
	c, err := e.svc.CreateConsultation(bg, admin, in)
	if err != nil {
		t.Fatal(err)
	}
	qs := []service.QuestionInput{
		{Title: "Venez-vous ?", Kind: cortege.QuestionYesNo},
		{Title: "Avec quoi ?", Kind: cortege.QuestionText, ShowIf: &cortege.QuestionCondition{Question: "q1", Option: 0}},
		{Title: "Combien de places ?", Kind: cortege.QuestionNumber, Blank: true, Number: &cortege.NumberRule{Min: fptr(0), Max: fptr(10)}},
		{Title: "Quels jours ?", Kind: cortege.QuestionMultiple, Options: []string{"Lundi", "Mardi", "Mercredi"}, Min: 1, Max: 2},
	}
	if in.Audience != cortege.AudienceCodes {
		qs = append(qs, service.QuestionInput{Title: "Vos idées", Kind: cortege.QuestionIdeas})
	}
	for _, x := range qs {
		if _, err := e.svc.AddQuestion(bg, admin, c.ID, x); err != nil {
			t.Fatalf("question %q: %v", x.Title, err)
		}
	}
	if c, err = e.svc.OpenConsultation(bg, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	return c
}

func yes(text, places string, days ...int) []cortege.ResponseAnswer {
	out := []cortege.ResponseAnswer{{Question: "q1", Choices: []int{0}}, {Question: "q2", Text: text}, {Question: "q4", Choices: days}}
	if places != "" {
		out = append(out, cortege.ResponseAnswer{Question: "q3", Number: places})
	}
	return out
}

func wantInvalid(t *testing.T, what string, err error, field, message string) {
	t.Helper()
	f := cortege.ErrorOf(err)
	if f == nil || f.Code != cortege.EINVALID || f.Field != field || (message != "" && f.Message != message) {
		t.Errorf("%s: got %v, want EINVALID on %s (%s)", what, err, field, message)
	}
}

func TestConsultationResponseMembers(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "admin@example.org")
	g := newGroup(t, e, admin, "enquete", cortege.VisibilityPublic, cortege.JoinOpen)
	alice := member(t, e, admin, g, "alice@example.org", cortege.GroupMember)
	bob := member(t, e, admin, g, "bob@example.org", cortege.GroupMember)
	stranger := signIn(t, e, "stranger@example.org")
	c := openSurvey(t, e, admin, consultationInput(e, g.ID, cortege.AudienceMembers))
	if c.State != cortege.ConsultationOpen {
		t.Fatalf("state %q", c.State)
	}
	none := service.Respondent{}

	_, err := e.svc.Respond(bg, cortege.Anonymous, c.ID, none, yes("Vélo", "", 0), false)
	wantCode(t, "anonymous", err, cortege.EUNAUTH)
	_, err = e.svc.Respond(bg, stranger, c.ID, none, yes("Vélo", "", 0), false)
	wantCode(t, "a stranger", err, cortege.EFORBIDDEN)

	// Conditions: q2 is shown only after "yes".
	no := []cortege.ResponseAnswer{{Question: "q1", Choices: []int{1}}, {Question: "q2", Text: "caché"}, {Question: "q4", Choices: []int{2}}}
	_, err = e.svc.Respond(bg, alice, c.ID, none, no, false)
	wantInvalid(t, "an answer to a hidden question", err, "q2", "err.response.hidden")
	_, err = e.svc.Respond(bg, alice, c.ID, none, yes("", "", 0), false)
	wantInvalid(t, "a required question shown", err, "q2", "err.response.required")
	_, err = e.svc.Respond(bg, alice, c.ID, none, yes("Vélo", "3,5", 0), false)
	wantInvalid(t, "a decimal for an integer", err, "q3", "err.response.number.integer")
	_, err = e.svc.Respond(bg, alice, c.ID, none, yes("Vélo", "11", 0), false)
	wantInvalid(t, "a number above the maximum", err, "q3", "err.response.number.too_large")
	_, err = e.svc.Respond(bg, alice, c.ID, none, yes("Vélo", "", 0, 1, 2), false)
	wantInvalid(t, "too many choices", err, "q4", "err.response.choices_count")
	_, err = e.svc.Respond(bg, alice, c.ID, none, append(yes("Vélo", "", 0), cortege.ResponseAnswer{Question: "q5", Text: "x"}), false)
	wantInvalid(t, "an answer to the ideas box", err, "q5", "")

	r, err := e.svc.Respond(bg, alice, c.ID, none, no, true)
	if err != nil || len(r.Answers) != 2 || r.ProfileID != alice.Profile.ID {
		t.Fatalf("a hidden answer cleared: %+v, %v", r, err)
	}
	_, err = e.svc.Respond(bg, alice, c.ID, none, yes("Vélo", "", 0), false)
	wantCode(t, "a second response", err, cortege.ECONFLICT)
	if _, err := e.svc.EditResponse(bg, alice, c.ID, none, yes("Vélo cargo", " 4 ", 1, 0), false); err != nil {
		t.Fatal(err)
	}
	mine, err := e.svc.MyResponse(bg, alice, c.ID, none)
	if err != nil || len(mine.Answers) != 4 || mine.Answers[1].Text != "Vélo cargo" || mine.Answers[2].Number != "4" ||
		mine.Answers[3].Choices[0] != 0 {
		t.Fatalf("edited: %+v, %v", mine, err)
	}
	_, err = e.svc.MyResponse(bg, bob, c.ID, none)
	wantCode(t, "no response yet", err, cortege.ENOTFOUND)

	// One per profile under concurrency: the unique key decides.
	var wg sync.WaitGroup
	errs := make([]error, 12)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.svc.Respond(bg, bob, c.ID, none, yes("=HYPERLINK(\"x\")", "10", 2), false)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if cortege.ErrorCode(err) != cortege.ECONFLICT {
			t.Fatalf("concurrent response: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d concurrent responses of one member accepted", ok)
	}

	// Organisers only list and export.
	_, err = e.svc.Responses(bg, alice, c.ID, "", 10)
	wantCode(t, "a member lists", err, cortege.EFORBIDDEN)
	p1, err := e.svc.Responses(bg, admin, c.ID, "", 1)
	if err != nil || p1.Total != 2 || len(p1.Rows) != 1 || p1.Next == "" || p1.Rows[0].DisplayName == "" {
		t.Fatalf("page 1: %+v, %v", p1, err)
	}
	p2, err := e.svc.Responses(bg, admin, c.ID, p1.Next, 1)
	if err != nil || len(p2.Rows) != 1 || p2.Next != "" || p2.Rows[0].Response.ID == p1.Rows[0].Response.ID {
		t.Fatalf("page 2: %+v, %v", p2, err)
	}
	_, err = e.svc.Responses(bg, admin, c.ID, "nonsense", 1)
	wantInvalid(t, "a bad cursor", err, "after", "")
	var csv, js bytes.Buffer
	err = e.svc.ExportResponses(bg, alice, c.ID, "csv", &csv)
	wantCode(t, "a member exports", err, cortege.EFORBIDDEN)
	if err := e.svc.ExportResponses(bg, admin, c.ID, "csv", &csv); err != nil {
		t.Fatal(err)
	}
	if s := csv.String(); !strings.Contains(s, "Vélo cargo") || !strings.Contains(s, "'=HYPERLINK") ||
		!strings.Contains(s, "Mardi; Lundi") && !strings.Contains(s, "Lundi; Mardi") || strings.Contains(s, "Vos idées") {
		t.Fatalf("csv:\n%s", s)
	}
	if err := e.svc.ExportResponses(bg, admin, c.ID, "json", &js); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Responses []struct {
			Respondent string                   `json:"respondent"`
			Handle     string                   `json:"handle"`
			Answers    []cortege.ResponseAnswer `json:"answers"`
		} `json:"responses"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil || len(doc.Responses) != 2 || doc.Responses[0].Respondent != service.RespondentMember {
		t.Fatalf("json %s: %v", js.String(), err)
	}

	sum, total, err := e.svc.ResponseSummary(bg, admin, c.ID)
	if err != nil || total != 2 {
		t.Fatal(total, err)
	}
	if sum[0].Counts[0] != 2 || len(sum[1].Texts) != 2 || sum[2].Number == nil || sum[2].Number.Min != "4" ||
		sum[2].Number.Max != "10" || sum[2].Number.Median != "7" || sum[2].Number.Mean != "7.00" || sum[3].Counts[2] != 1 {
		t.Fatalf("summary %+v %+v %+v", sum[0], sum[1], sum[2].Number)
	}
	_, _, err = e.svc.ResponseSummary(bg, alice, c.ID)
	wantCode(t, "a member's summary before publication", err, cortege.EFORBIDDEN)

	// Withdraw, then answer again.
	if err := e.svc.WithdrawResponse(bg, bob, c.ID, none); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Respond(bg, bob, c.ID, none, yes("À pied", "", 1), false); err != nil {
		t.Fatal(err)
	}

	// Past closing: no more editing, withdrawing or answering.
	e.advance(3*time.Hour + time.Minute)
	_, err = e.svc.EditResponse(bg, alice, c.ID, none, yes("Train", "", 0), false)
	wantCode(t, "an edit after closing", err, cortege.ECONFLICT)
	err = e.svc.WithdrawResponse(bg, alice, c.ID, none)
	wantCode(t, "a withdrawal after closing", err, cortege.ECONFLICT)
	carol := member(t, e, admin, g, "carol@example.org", cortege.GroupMember)
	_, err = e.svc.Respond(bg, carol, c.ID, none, yes("Train", "", 0), false)
	wantCode(t, "a response after closing", err, cortege.ECONFLICT)
	if err := e.svc.CloseConsultationsDue(bg); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.PublishResults(bg, admin, c.ID); err != nil {
		t.Fatal(err)
	}
	sum, _, err = e.svc.ResponseSummary(bg, alice, c.ID)
	if err != nil || sum[1].Texts != nil || sum[0].Counts[0] != 2 {
		t.Fatalf("published summary for a member: %+v, %v", sum, err)
	}
}

func TestConsultationIdeas(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "admin@example.org")
	g := newGroup(t, e, admin, "idees", cortege.VisibilityPublic, cortege.JoinOpen)
	alice := member(t, e, admin, g, "alice@example.org", cortege.GroupMember)
	bob := member(t, e, admin, g, "bob@example.org", cortege.GroupMember)
	stranger := signIn(t, e, "stranger@example.org")
	c := openSurvey(t, e, admin, consultationInput(e, g.ID, cortege.AudienceMembers))

	_, err := e.svc.SubmitIdea(bg, stranger, c.ID, "q5", "Un jardin", "")
	wantCode(t, "a stranger's idea", err, cortege.EFORBIDDEN)
	_, err = e.svc.SubmitIdea(bg, alice, c.ID, "q1", "Un jardin", "")
	wantCode(t, "an idea to a question that is no box", err, cortege.ENOTFOUND)
	_, err = e.svc.SubmitIdea(bg, alice, c.ID, "q5", "  ", "")
	wantInvalid(t, "an idea without title", err, "title", "err.idea.title.required")
	first, err := e.svc.SubmitIdea(bg, alice, c.ID, "q5", "Un jardin partagé", "Sur la place.")
	if err != nil {
		t.Fatal(err)
	}
	e.advance(time.Second)
	second, err := e.svc.SubmitIdea(bg, bob, c.ID, "q5", "Une fête de quartier", "")
	if err != nil {
		t.Fatal(err)
	}
	e.advance(time.Second)
	third, err := e.svc.SubmitIdea(bg, bob, c.ID, "q5", "Un atelier vélo", "")
	if err != nil {
		t.Fatal(err)
	}

	// Once per member, even when clicked many times at once.
	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = e.svc.SupportIdea(bg, alice, c.ID, third.ID) }()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if cortege.ErrorCode(err) != cortege.ECONFLICT {
			t.Fatalf("concurrent support: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d supports of one member counted", ok)
	}
	if err := e.svc.SupportIdea(bg, bob, c.ID, third.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SupportIdea(bg, bob, c.ID, second.ID); err != nil {
		t.Fatal(err)
	}
	err = e.svc.SupportIdea(bg, stranger, c.ID, second.ID)
	wantCode(t, "a stranger supports", err, cortege.EFORBIDDEN)
	err = e.svc.SupportIdea(bg, bob, c.ID, "nope")
	wantCode(t, "an unknown idea", err, cortege.ENOTFOUND)

	list, err := e.svc.Ideas(bg, alice, c.ID, "q5")
	if err != nil || len(list) != 3 {
		t.Fatal(list, err)
	}
	if list[0].Idea.ID != third.ID || list[0].Idea.Supports != 2 || !list[0].Supported || list[1].Idea.ID != second.ID ||
		list[2].Idea.ID != first.ID || !list[2].Mine || list[2].DisplayName == "" {
		t.Fatalf("order: %+v", list)
	}
	if err := e.svc.WithdrawSupport(bg, bob, c.ID, third.ID); err != nil {
		t.Fatal(err)
	}
	err = e.svc.WithdrawSupport(bg, bob, c.ID, third.ID)
	wantCode(t, "a support withdrawn twice", err, cortege.ENOTFOUND)
	list, _ = e.svc.Ideas(bg, bob, c.ID, "q5")
	// second: 1 support, older than third: 1 support → second first.
	if list[0].Idea.ID != second.ID || list[1].Idea.ID != third.ID || list[1].Idea.Supports != 1 || list[1].Supported {
		t.Fatalf("after withdrawal: %+v", list)
	}
	// Removal: the author until closing, the organisers at any time.
	err = e.svc.RemoveIdea(bg, alice, c.ID, second.ID)
	wantCode(t, "someone else's idea removed", err, cortege.EFORBIDDEN)
	if err := e.svc.RemoveIdea(bg, bob, c.ID, third.ID); err != nil {
		t.Fatal(err)
	}
	e.advance(4 * time.Hour)
	err = e.svc.SupportIdea(bg, alice, c.ID, second.ID)
	wantCode(t, "a support after closing", err, cortege.ECONFLICT)
	err = e.svc.RemoveIdea(bg, bob, c.ID, second.ID)
	wantCode(t, "an author removes after closing", err, cortege.ECONFLICT)
	if err := e.svc.RemoveIdea(bg, admin, c.ID, second.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := e.svc.Ideas(bg, admin, c.ID, "q5"); len(list) != 1 || list[0].Idea.ID != first.ID {
		t.Fatalf("after removals: %+v", list)
	}
}

func TestConsultationResponseLinkAndCodes(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "admin@example.org")
	g := newGroup(t, e, admin, "ouvert", cortege.VisibilityPublic, cortege.JoinOpen)
	c := openSurvey(t, e, admin, consultationInput(e, g.ID, cortege.AudienceLink))
	key := strings.Repeat("k", 43)
	browser := service.Respondent{BrowserKey: key}

	_, err := e.svc.Respond(bg, cortege.Anonymous, c.ID, service.Respondent{BrowserKey: "short"}, yes("Vélo", "", 0), false)
	wantInvalid(t, "a short browser key", err, "browser", "")
	var wg sync.WaitGroup
	errs := make([]error, 12)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.svc.Respond(bg, cortege.Anonymous, c.ID, browser, yes("Vélo", "", 0), false)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if cortege.ErrorCode(err) != cortege.ECONFLICT {
			t.Fatalf("concurrent browser response: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d responses of one browser accepted", ok)
	}
	r, err := e.svc.MyResponse(bg, cortege.Anonymous, c.ID, browser)
	if err != nil || r.ProfileID != "" {
		t.Fatal(r, err)
	}
	e.advance(time.Second)
	if _, err := e.svc.Respond(bg, cortege.Anonymous, c.ID, service.Respondent{BrowserKey: strings.Repeat("j", 43)}, yes("Bus", "", 1), false); err != nil {
		t.Fatal(err)
	}
	walker := signIn(t, e, "walker@example.org")
	e.advance(time.Second)
	if _, err := e.svc.Respond(bg, walker, c.ID, service.Respondent{}, yes("Bus", "", 1), false); err != nil {
		t.Fatal(err)
	}
	page, err := e.svc.Responses(bg, admin, c.ID, "", 10)
	if err != nil || len(page.Rows) != 3 || page.Rows[0].Kind != service.RespondentBrowser || page.Rows[0].Response.BrowserKey != "" ||
		page.Rows[2].Kind != service.RespondentMember {
		t.Fatalf("rows %+v, %v", page, err)
	}

	// One network address gives at most BrowserResponsesPerHour new
	// responses an hour, cookie cleared or not.
	from := cortege.Actor{IP: "198.51.100.7"}
	var limited error
	for i := range service.BrowserResponsesPerHour + 1 {
		_, limited = e.svc.Respond(bg, from, c.ID, service.Respondent{BrowserKey: strings.Repeat("n", 40) + strconv.Itoa(i)}, yes("Bus", "", 1), false)
	}
	wantCode(t, "too many browsers from one address", limited, cortege.ERATELIMIT)

	// By codes: one response per code, no name.
	cc := openSurvey(t, e, admin, consultationInput(e, g.ID, cortege.AudienceCodes))
	slips, err := e.svc.GenerateCodes(bg, admin, cc.ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	code := service.Respondent{Code: string(slips[0].Code)}
	_, err = e.svc.Respond(bg, walker, cc.ID, service.Respondent{}, yes("Vélo", "", 0), false)
	wantInvalid(t, "no code", err, "code", "")
	r, err = e.svc.Respond(bg, walker, cc.ID, code, yes("Vélo", "", 0), false)
	if err != nil || r.ProfileID != "" || r.CodeHash == "" {
		t.Fatalf("by code: %+v, %v", r, err)
	}
	_, err = e.svc.Respond(bg, cortege.Anonymous, cc.ID, code, yes("Vélo", "", 0), false)
	wantCode(t, "a code twice", err, cortege.ECONFLICT)
	if _, err := e.svc.EditResponse(bg, cortege.Anonymous, cc.ID, code, yes("Trottinette", "", 0), false); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.VoidSlip(bg, admin, cc.ID, slips[1].Batch, slips[1].Slip); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Respond(bg, cortege.Anonymous, cc.ID, service.Respondent{Code: string(slips[1].Code)}, yes("Vélo", "", 0), false)
	wantInvalid(t, "a void code", err, "code", "err.vote.code_unknown")
	page, _ = e.svc.Responses(bg, admin, cc.ID, "", 10)
	if len(page.Rows) != 1 || page.Rows[0].Kind != service.RespondentCode || page.Rows[0].Handle != "" {
		t.Fatalf("code rows %+v", page.Rows)
	}

	// A secret vote takes ballots, not responses.
	v := openVote(t, e, admin, voteInput(e, g.ID, cortege.AudienceMembers))
	_, err = e.svc.Respond(bg, admin, v.ID, service.Respondent{}, nil, false)
	wantCode(t, "a response to a secret vote", err, cortege.ECONFLICT)
}

package tally

import (
	"reflect"
	"testing"
)

// TestSTVWorkedExample is the example of the Wikipedia article "Single
// transferable vote" (section "Example"): 20 voters choose 3 foods among
// Oranges (A), Pears (B), Chocolate (C), Strawberries (D) and Hamburgers
// (E). Droop quota 6; Chocolate is elected on first preferences, its
// surplus of 6 moves at 0.5, Pears is excluded and Oranges elected,
// Strawberries takes the last seat: Chocolate, Oranges, Strawberries.
func TestSTVWorkedExample(t *testing.T) {
	q := rankingQuestion(STV, 5, 3)
	ans := rankings("q", "4:A", "2:BA", "8:CD", "4:CE", "1:D", "1:E")
	r := Count(q, ans)
	s := r.STV
	if s.Quota != 6*VoteUnit {
		t.Fatalf("quota %s, want 6", FormatVotes(s.Quota))
	}
	if want := []int{2, 0, 3}; !reflect.DeepEqual(r.Winners, want) {
		t.Fatalf("elected %v, want %v", r.Winners, want)
	}
	var actions []string
	for _, st := range s.Stages {
		actions = append(actions, st.Action)
	}
	if want := []string{"first", "surplus", "exclusion", "final"}; !reflect.DeepEqual(actions, want) {
		t.Fatalf("stages %v, want %v", actions, want)
	}
	u := int64(VoteUnit)
	if want := []int64{4 * u, 2 * u, 12 * u, 1 * u, 1 * u}; !reflect.DeepEqual(s.Stages[0].Votes, want) {
		t.Errorf("first preferences %v, want %v", s.Stages[0].Votes, want)
	}
	if want := []int64{4 * u, 2 * u, 6 * u, 5 * u, 3 * u}; !reflect.DeepEqual(s.Stages[1].Votes, want) {
		t.Errorf("after Chocolate's surplus %v, want %v", s.Stages[1].Votes, want)
	}
	if st := s.Stages[2]; st.Candidate != 1 || !reflect.DeepEqual(st.Elected, []int{0}) || st.Votes[0] != 6*u {
		t.Errorf("exclusion stage %+v, want Pears out and Oranges elected with 6", st)
	}
	if r.Tied {
		t.Error("no tie was broken by option order")
	}
}

// TestSTVTransferValueTruncated checks rule 48(3)'s five decimal places,
// remainder ignored: a surplus of 1 over 3 votes moves each ballot at
// 0.33333, and 0.00001 is lost.
func TestSTVTransferValueTruncated(t *testing.T) {
	q := rankingQuestion(STV, 4, 2)
	// 5 valid: quota ⌊5/3⌋+1 = 2. A has 3: surplus 1, TV 1/3 → 0.33333.
	ans := rankings("q", "3:AB", "1:C", "1:D")
	r := Count(q, ans)
	st := r.STV.Stages[1]
	if st.Action != "surplus" || st.Candidate != 0 {
		t.Fatalf("stage 2 is %+v, want A's surplus", st)
	}
	if st.Votes[1] != 99999 || st.Lost != 1 {
		t.Fatalf("B has %s, lost %s; want 0.99999 and 0.00001", FormatVotes(st.Votes[1]), FormatVotes(st.Lost))
	}
	if FormatVotes(st.Votes[1]) != "0.99999" {
		t.Fatalf("FormatVotes = %q", FormatVotes(st.Votes[1]))
	}
}

// TestSTVTieByEarlierStage checks that equal lowest votes are decided by
// the earliest stage at which the candidates differed, and that a tie at
// every stage excludes the candidate listed last and is flagged.
func TestSTVTieByEarlierStage(t *testing.T) {
	q := rankingQuestion(STV, 5, 1)
	// Quota ⌊10/2⌋+1 = 6. C and D tie at 1 at every stage: D (listed
	// after C) goes, by option order, to E. Then C (1) is lowest: it goes.
	// Then A, B and E have 3 each, but E had fewer at the first stage: it
	// goes. A and B tie at every stage and each reaches the other's votes
	// (rule 52): A, listed first, is elected, flagged.
	r := Count(q, rankings("q", "3:A", "3:B", "1:C", "1:DE", "2:E"))
	st := r.STV.Stages[1]
	if st.Action != "exclusion" || st.Candidate != 3 || !st.LotTie {
		t.Fatalf("stage 2 %+v: want D excluded by option order, flagged", st)
	}
	st = r.STV.Stages[2]
	if st.Action != "exclusion" || st.Candidate != 2 || st.LotTie {
		t.Fatalf("stage 3 %+v: want C excluded on votes", st)
	}
	st = r.STV.Stages[3]
	if st.Action != "exclusion" || st.Candidate != 4 || st.LotTie {
		t.Fatalf("stage 4 %+v: want E excluded by the first stage", st)
	}
	st = r.STV.Stages[4]
	if st.Action != "final" || !st.LotTie || !reflect.DeepEqual(r.Winners, []int{0}) || !r.Tied {
		t.Fatalf("stage 5 %+v, elected %v: want A by option order, flagged", st, r.Winners)
	}
}

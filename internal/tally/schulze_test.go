package tally

import (
	"reflect"
	"strings"
	"testing"
)

// rankings expands "count:ORDER" groups (options as letters A, B, …) into
// ranking answers to question q.
func rankings(q string, groups ...string) []Answer {
	var out []Answer
	for _, g := range groups {
		count, order, _ := strings.Cut(g, ":")
		n := 0
		for _, c := range count {
			n = n*10 + int(c-'0')
		}
		var choices []int
		for _, c := range order {
			choices = append(choices, int(c-'A'))
		}
		for range n {
			out = append(out, Answer{Question: q, Choices: choices})
		}
	}
	return out
}

func rankingQuestion(method Method, n, seats int) Question {
	opts := make([]string, n)
	for i := range opts {
		opts[i] = string(rune('A' + i))
	}
	return Question{ID: "q", Title: "rank", Kind: KindRanking, Method: method, Options: opts, Seats: seats}
}

// TestSchulzeWorkedExample is the first example of Markus Schulze, "A new
// monotonic, clone-independent, reversal symmetric, and Condorcet-
// consistent single-winner election method", Social Choice and Welfare 36
// (2011), section 3.1 (also the example of the Wikipedia article "Schulze
// method"): 45 voters, 5 candidates; the pairwise matrix, the strongest
// paths and the ranking E > A > C > B > D are those of the paper.
func TestSchulzeWorkedExample(t *testing.T) {
	q := rankingQuestion(Schulze, 5, 0)
	ans := rankings("q", "5:ACBED", "5:ADECB", "8:BEDAC", "3:CABED", "7:CAEBD", "2:CBADE", "7:DCEBA", "8:EBADC")
	r := Count(q, ans)
	wantD := [][]int{
		{0, 20, 26, 30, 22},
		{25, 0, 16, 33, 18},
		{19, 29, 0, 17, 24},
		{15, 12, 28, 0, 14},
		{23, 27, 21, 31, 0},
	}
	wantP := [][]int{
		{0, 28, 28, 30, 24},
		{25, 0, 28, 33, 24},
		{25, 29, 0, 29, 24},
		{25, 28, 28, 0, 24},
		{25, 28, 28, 31, 0},
	}
	if !reflect.DeepEqual(r.Schulze.D, wantD) {
		t.Errorf("d = %v, want %v", r.Schulze.D, wantD)
	}
	if !reflect.DeepEqual(r.Schulze.P, wantP) {
		t.Errorf("p = %v, want %v", r.Schulze.P, wantP)
	}
	// E first, then A, C, B, D.
	if want := []int{2, 4, 3, 5, 1}; !reflect.DeepEqual(r.Rank, want) {
		t.Errorf("rank = %v, want %v", r.Rank, want)
	}
	if !reflect.DeepEqual(r.Winners, []int{4}) || r.Tied {
		t.Errorf("winners = %v (tied %v), want [E]", r.Winners, r.Tied)
	}
}

// TestSchulzeCondorcetTie checks a perfect cycle ties every option.
func TestSchulzeCondorcetTie(t *testing.T) {
	q := rankingQuestion(Schulze, 3, 0)
	r := Count(q, rankings("q", "1:ABC", "1:BCA", "1:CAB"))
	if !r.Tied || len(r.Winners) != 3 {
		t.Fatalf("winners %v tied %v, want a three-way tie", r.Winners, r.Tied)
	}
}

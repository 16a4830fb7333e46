package tally

import (
	"reflect"
	"testing"
)

func TestPluralityYesNoBlank(t *testing.T) {
	q := Question{ID: "q", Title: "t", Kind: KindYesNo, Method: Plurality, Options: []string{"yes", "no"}, Blank: true}
	var ans []Answer
	for range 4 {
		ans = append(ans, Answer{Question: "q", Choices: []int{0}})
	}
	for range 3 {
		ans = append(ans, Answer{Question: "q", Choices: []int{1}})
	}
	ans = append(ans, Answer{Question: "q", Blank: true})
	r := Count(q, ans)
	if r.Answers != 8 || r.Blank != 1 || r.Valid != 7 || !reflect.DeepEqual(r.Counts.Counts, []int{4, 3}) || !reflect.DeepEqual(r.Winners, []int{0}) {
		t.Fatalf("%+v", r)
	}
	if got := Percent(4, 7); got != "57.14" {
		t.Errorf("Percent(4, 7) = %s", got)
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		n, d int
		want string
	}{{0, 0, "0.00"}, {1, 3, "33.33"}, {2, 3, "66.67"}, {1, 8, "12.50"}, {1, 1, "100.00"}, {1, 200, "0.50"}, {1, 400, "0.25"}, {1, 800, "0.13"}, {7, 7, "100.00"}} {
		if got := Percent(c.n, c.d); got != c.want {
			t.Errorf("Percent(%d, %d) = %s, want %s", c.n, c.d, got, c.want)
		}
	}
}

func TestApprovalTie(t *testing.T) {
	q := Question{ID: "q", Title: "t", Kind: KindMultiple, Method: Approval, Options: []string{"a", "b", "c"}, Max: 2}
	r := Count(q, []Answer{{Question: "q", Choices: []int{0, 1}}, {Question: "q", Choices: []int{0, 1}}, {Question: "q", Choices: []int{2}}})
	if !r.Tied || !reflect.DeepEqual(r.Winners, []int{0, 1}) || !reflect.DeepEqual(r.Rank, []int{1, 1, 3}) {
		t.Fatalf("%+v", r)
	}
}

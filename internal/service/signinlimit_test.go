package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

// ownerIP is where the owner of an address signs in from; the attackers
// come from 203.0.113.0/24.
var ownerIP = cortege.Actor{IP: "198.51.100.7"}

func otherIP(i int) cortege.Actor { return cortege.Actor{IP: fmt.Sprintf("203.0.113.%d", i+1)} }

// mailsTo counts the messages delivered to addr.
func (e *env) mailsTo(addr string) int {
	n := 0
	for _, m := range e.smtp.Messages() {
		if len(m.To) > 0 && strings.EqualFold(m.To[0], addr) {
			n++
		}
	}
	return n
}

// TestLoginLinkNotLockedByOtherIPs: ten requests for an address from ten
// IPs do not stop its owner, from their own IP, from getting a link; past
// the ceiling on the address the mails are spaced, not refused.
func TestLoginLinkNotLockedByOtherIPs(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	const owner = "owner@example.org"
	signIn(t, e, owner)
	for i := 0; i < 10; i++ {
		if err := e.svc.RequestLogin(ctx, otherIP(i), owner, "fr"); err != nil {
			t.Fatalf("request %d from another IP: %v", i, err)
		}
	}
	if err := e.svc.RequestLogin(ctx, ownerIP, owner, "fr"); err != nil {
		t.Fatalf("the owner's request after ten from other IPs: %v", err)
	}
	e.drain(t)
	// One sign-in, five within the ceiling, one spaced (two if a spacing
	// window ended meanwhile): the owner's mailbox is not flooded.
	if n := e.mailsTo(owner); n > 8 {
		t.Fatalf("%d mails sent to the owner", n)
	}
	// The newest link in the owner's mailbox signs in.
	if _, _, err := e.svc.ConfirmLogin(ctx, ownerIP, e.linkToken(t, owner)); err != nil {
		t.Fatalf("the owner's link: %v", err)
	}
	// Once the spacing has passed, the owner's request sends a fresh link.
	e.advance(2*time.Minute + time.Second)
	before := e.mailsTo(owner)
	if err := e.svc.RequestLogin(ctx, ownerIP, owner, "fr"); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	if e.mailsTo(owner) != before+1 {
		t.Fatalf("no fresh link after the spacing: %d then %d", before, e.mailsTo(owner))
	}
	if _, _, err := e.svc.ConfirmLogin(ctx, ownerIP, e.linkToken(t, owner)); err != nil {
		t.Fatalf("the fresh link: %v", err)
	}
	// One IP asking too often for one address is still refused.
	var err error
	for i := 0; i < 10 && err == nil; i++ {
		err = e.svc.RequestLogin(ctx, otherIP(99), owner, "fr")
	}
	if cortege.ErrorCode(err) != cortege.ERATELIMIT {
		t.Fatalf("one IP, one address, ten requests: %v", err)
	}
}

// TestPasswordNotLockedByOtherIPs: wrong passwords from other IPs slow the
// address down but never make the owner's right password fail from an IP
// that has not failed; an IP that failed, past the ceiling, is sent the
// emailed link instead.
func TestPasswordNotLockedByOtherIPs(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	const owner = "owner@example.org"
	a := signIn(t, e, owner)
	if err := e.svc.SetPassword(ctx, a, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 10; i++ {
		if _, _, err := e.svc.LoginPassword(ctx, otherIP(i), owner, "wrong password!"); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Message != "err.password.wrong" {
			t.Fatalf("wrong password %d: %v", i, err)
		}
	}
	if _, _, err := e.svc.LoginPassword(ctx, ownerIP, owner, "correct horse battery"); err != nil {
		t.Fatalf("the right password after ten wrong ones from other IPs: %v", err)
	}
	if len(e.slept) != 0 {
		t.Fatalf("delays within the ceiling: %v", e.slept)
	}
	// Forty more, two from each IP: the delays grow.
	for i := 0; i < 40; i++ {
		_, _, err := e.svc.LoginPassword(ctx, otherIP(10+i/2), owner, "wrong password!")
		if ce := cortege.ErrorOf(err); ce == nil || ce.Code != cortege.EINVALID || ce.Field != "password" {
			t.Fatalf("wrong password %d: %v", 10+i, err)
		}
	}
	if len(e.slept) < 2 || e.slept[len(e.slept)-1] <= e.slept[0] {
		t.Fatalf("delays do not grow: %v", e.slept)
	}
	// An IP that failed is told to use the emailed link, right password or
	// not, and a link goes out.
	before := e.mailsTo(owner)
	_, _, err := e.svc.LoginPassword(ctx, otherIP(10), owner, "correct horse battery")
	if ce := cortege.ErrorOf(err); ce == nil || ce.Message != "err.password.use_link" {
		t.Fatalf("a failed IP past the ceiling: %v", err)
	}
	e.drain(t)
	if e.mailsTo(owner) <= before {
		t.Fatal("no link mailed instead of the password")
	}
	// The owner's IP has not failed: the right password still signs in.
	if _, _, err := e.svc.LoginPassword(ctx, ownerIP, owner, "correct horse battery"); err != nil {
		t.Fatalf("the right password after fifty wrong ones from other IPs: %v", err)
	}
}

// TestSignInLimitsSameAnswer: under every limit, a known and an unknown
// address get the same answers and the same delays.
func TestSignInLimitsSameAnswer(t *testing.T) {
	ctx := context.Background()
	run := func(known bool) ([]string, []time.Duration) {
		e := newEnv(t)
		addr := "nobody@example.org"
		if known {
			addr = "known@example.org"
			a := signIn(t, e, addr)
			if err := e.svc.SetPassword(ctx, a, "correct horse battery"); err != nil {
				t.Fatal(err)
			}
		} else {
			signIn(t, e, "someone@example.org")
		}
		e.advance(11 * time.Minute) // the set-up's hits are in a past window
		var out []string
		note := func(err error) {
			if ce := cortege.ErrorOf(err); ce != nil {
				out = append(out, string(ce.Code)+" "+ce.Field+" "+ce.Message)
			} else {
				out = append(out, fmt.Sprint(err))
			}
		}
		for i := 0; i < 12; i++ {
			note(e.svc.RequestLogin(ctx, otherIP(i%3), addr, "fr"))
		}
		for i := 0; i < 7; i++ {
			note(e.svc.RequestLogin(ctx, otherIP(50), addr, "fr"))
		}
		for i := 0; i < 40; i++ {
			_, _, err := e.svc.LoginPassword(ctx, otherIP(i/2), addr, "wrong password!")
			note(err)
		}
		for i := 0; i < 12; i++ {
			_, _, err := e.svc.LoginPassword(ctx, otherIP(60), addr, "wrong password!")
			note(err)
		}
		_, _, err := e.svc.LoginPassword(ctx, otherIP(0), addr, "correct horse battery")
		note(err)
		return out, e.slept
	}
	k, kd := run(true)
	u, ud := run(false)
	if strings.Join(k, "\n") != strings.Join(u, "\n") {
		t.Errorf("answers differ:\nknown   %q\nunknown %q", k, u)
	}
	if fmt.Sprint(kd) != fmt.Sprint(ud) {
		t.Errorf("delays differ:\nknown   %v\nunknown %v", kd, ud)
	}
	if !strings.Contains(strings.Join(k, "\n"), cortege.ERATELIMIT) || !strings.Contains(strings.Join(k, "\n"), "err.password.use_link") {
		t.Errorf("the sequence did not reach the limits: %q", k)
	}
}

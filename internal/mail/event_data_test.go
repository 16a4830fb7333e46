package mail_test

import (
	"strings"
	"testing"

	cmail "codeberg.org/cortege/cortege/internal/mail"
)

// TestEventNoticeRendersEveryKind renders each kind of event mail in both
// languages and checks the subject, the links and the one-click unsubscribe.
func TestEventNoticeRendersEveryKind(t *testing.T) {
	r, err := cmail.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	kinds := []string{cmail.EventMailCreationConfirm, cmail.EventMailParticipationConfirm, cmail.EventMailJoined,
		cmail.EventMailPending, cmail.EventMailWaitlisted, cmail.EventMailApproved, cmail.EventMailRefused,
		cmail.EventMailPromoted, cmail.EventMailReminder, cmail.EventMailOnline, cmail.EventMailChanged,
		cmail.EventMailCancelled, cmail.EventMailAnnouncement, cmail.EventMailOrganiserActivity, cmail.EventMailDigest}
	for _, lang := range []string{"fr", "en"} {
		for _, k := range kinds {
			d := cmail.EventNoticeData{InstanceName: "Cortège", Kind: k, Name: "Ada", EventTitle: "Marche <b>", When: "vendredi",
				Where: "Lyon", PlaceHidden: true, Subject: "Départ", Message: "Rendez-vous\n\nà 9 h",
				Changes:   []cmail.EventChangeLine{{Field: "place", From: "", To: "Place Bellecour"}},
				Lines:     []cmail.EventDigestLine{{Title: "x", URL: "https://cortege.example/e"}},
				ActionURL: "https://cortege.example/events/1", CancelURL: "https://cortege.example/cancel?token=t",
				TicketCode: "ABCDE-FGHJK", UnsubscribeURL: "https://cortege.example/unsub?token=u"}
			m, err := r.Message(lang, cmail.TemplateEventNotice, cmail.Address{Email: "ada@example.org"}, d)
			if err != nil {
				t.Fatalf("%s/%s: %v", lang, k, err)
			}
			if m.Subject == "" || strings.Contains(m.Subject, "\n") || !strings.Contains(m.Text, "https://cortege.example/events/1") ||
				m.Headers["List-Unsubscribe-Post"] == "" || strings.Contains(m.HTML, "Marche <b>") {
				t.Errorf("%s/%s: subject %q headers %v\n%s", lang, k, m.Subject, m.Headers, m.Text)
			}
		}
	}
}

// TestEventNoticeTellsHiddenChangesAndReasons: a hidden detail is said to
// have changed without its value, in words that fit the recipient's
// status; a cancellation carries the organisers' reason in both parts.
func TestEventNoticeTellsHiddenChangesAndReasons(t *testing.T) {
	r, err := cmail.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang, hidden, want string
	}{
		{"fr", cmail.HiddenUntilApproval, "Le lieu exact a changé (secteur\u00a0: Lyon 7e)\u202f; vous le verrez une fois votre inscription acceptée."},
		{"fr", cmail.HiddenUntilSeat, "vous le verrez si une place se libère pour vous."},
		{"en", cmail.HiddenUntilApproval, "The exact place changed (area: Lyon 7e); you will see it once your registration is approved."},
		{"en", cmail.HiddenUntilSeat, "you will see it if a place frees up for you."},
	} {
		d := cmail.EventNoticeData{InstanceName: "Cortège", Kind: cmail.EventMailChanged, EventTitle: "Marche", ActionURL: "https://cortege.example/events/1",
			Changes: []cmail.EventChangeLine{{Field: "place", To: "Lyon 7e", Hidden: c.hidden}}}
		m, err := r.Message(c.lang, cmail.TemplateEventNotice, cmail.Address{Email: "ada@example.org"}, d)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(m.Text, c.want) || !strings.Contains(m.HTML, strings.ReplaceAll(c.want, "'", "&#39;")) {
			t.Errorf("%s/%s: want %q in\n%s\n%s", c.lang, c.hidden, c.want, m.Text, m.HTML)
		}
	}
	d := cmail.EventNoticeData{InstanceName: "Cortège", Kind: cmail.EventMailCancelled, EventTitle: "Marche", ActionURL: "https://cortege.example/events/1",
		Reason: "Arrêté **préfectoral**", ReasonHTML: "<p>Arrêté <strong>préfectoral</strong></p>"}
	m, err := r.Message("fr", cmail.TemplateEventNotice, cmail.Address{Email: "ada@example.org"}, d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Text, "Arrêté **préfectoral**") || !strings.Contains(m.HTML, "<strong>préfectoral</strong>") || !strings.Contains(m.Text, "l’invitation jointe l’en retire") {
		t.Errorf("reason not told:\n%s\n%s", m.Text, m.HTML)
	}
}

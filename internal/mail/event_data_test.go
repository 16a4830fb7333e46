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

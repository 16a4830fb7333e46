package mail

// TemplatePetitionUpdate is the mail of a petition's update to a signer
// who agreed to hear from the petition.
const TemplatePetitionUpdate = "petition_update"

// PetitionUpdateData fills the petition_update template. Body is plain
// text (the update's Markdown made plain); blank lines separate
// paragraphs. UnsubscribeURL is the petition's one-click unsubscribe
// (RFC 8058 headers are added for it); WithdrawURL withdraws the
// signature, as in every mail to a signer.
type PetitionUpdateData struct {
	InstanceName   string
	PetitionTitle  string
	Title          string
	Body           string
	UpdateURL      string
	PetitionURL    string
	GatheringsURL  string
	WithdrawURL    string
	UnsubscribeURL string
}

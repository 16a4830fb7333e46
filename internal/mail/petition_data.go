package mail

// TemplatePetitionNotice is the one template of every mail about a
// petition: its Kind picks the wording, so the French and English
// wordings sit side by side.
const TemplatePetitionNotice = "petition_notice"

// Kinds of petition mail (PetitionNoticeData.Kind).
const (
	PetitionMailConfirm   = "confirm"   // to a signer: confirm the address so the signature counts
	PetitionMailAlready   = "already"   // to a mailbox that signed already: nothing changed
	PetitionMailAnswered  = "answered"  // to signers who agreed to news: the addressee answered
	PetitionMailMilestone = "milestone" // to organisers: a share of the goal is reached
	PetitionMailCounted   = "counted"   // to a signer: the signature counts, with its receipt
)

// PetitionNoticeData fills the petition_notice template. WithdrawURL is in
// every mail to a signer (the signer withdraws from it); ConfirmURL only
// in the confirmation.
type PetitionNoticeData struct {
	InstanceName string
	Kind         string
	Title        string
	Addressee    string
	PetitionURL  string
	Email        string
	FirstName    string
	ConfirmURL   string
	WithdrawURL  string
	Answer       string
	Milestone    int
	Count        int
	Goal         int
	// Position and Commitment are the signer's entry in the petition's
	// public log (LogURL), ReceiptURL the receipt to keep (counted).
	Position   int64
	Commitment string
	LogURL     string
	ReceiptURL string
}

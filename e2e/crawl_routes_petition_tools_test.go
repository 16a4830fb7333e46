package e2e

import (
	"bytes"
	"mime/multipart"
)

// The petition organisers' pages (internal/web/petition_tools.go and the
// pages it registers): writing a petition is for anyone signed in; every
// page under a petition's path is its organisers' (the creator, the
// administrators of a co-signing group that accepted), refused to others
// who see it and not found to those who do not (a draft); a group's
// invitation to co-sign is answered by that group's administrators.

func petitionToolRoutes() map[string]*crawlRoute {
	p := objs("petition")
	org := petitionOrganiser
	return map[string]*crawlRoute{
		"GET /petitions/new":          {targets: lit(""), rule: signedIn},
		"POST /petitions/new":         {targets: lit(""), rule: signedIn, body: petitionForm("Pétition du crawl")},
		"GET /petitions/mine":         {targets: lit(""), rule: signedIn},
		"GET /petitions/invitations":  {targets: lit(""), rule: signedIn},
		"POST /petitions/invitations": {targets: lit(""), rule: cosignAnswer, body: cosignForm},

		"GET /petitions/{id}/edit":     {targets: p, rule: org},
		"POST /petitions/{id}/edit":    {targets: p, rule: org, body: petitionForm("Pétition modifiée par le crawl")},
		"GET /petitions/{id}/manage":   {targets: p, rule: org},
		"POST /petitions/{id}/publish": {targets: p, rule: org, body: form()},
		"GET /petitions/{id}/close":    {targets: p, rule: org},
		// Closing and answering end the signing: after the signers' writes;
		// the published one is closed, the closed one answered.
		"POST /petitions/{id}/close":   {targets: petitionsNamed("published", "draft"), rule: org, body: confirmed(), tier: tierLeave},
		"GET /petitions/{id}/answer":   {targets: withQuery(p, "answer=R%C3%A9ponse"), rule: org},
		"POST /petitions/{id}/answer":  {targets: petitionsNamed("closed", "draft"), rule: org, body: confirmed("answer", "La mairie répond au crawl."), tier: tierLeave},
		"POST /petitions/{id}/picture": {targets: p, rule: org, body: pictureForm},
		"POST /petitions/{id}/invite":  {targets: p, rule: org, body: form("handle", "crawl_g3")},

		"GET /petitions/{id}/paper":              {targets: p, rule: org},
		"POST /petitions/{id}/paper":             {targets: p, rule: org, body: form("first_name_1", "Papier", "last_name_1", "Crawl", "postal_code_1", "69007")},
		"POST /petitions/{id}/paper/csv":         {targets: p, rule: org, body: paperCSVForm},
		"GET /petitions/{id}/bursts":             {targets: p, rule: org},
		"GET /petitions/{id}/bursts/invalidate":  {targets: p, rule: org},
		"POST /petitions/{id}/bursts/invalidate": {targets: p, rule: org, body: confirmed(), tier: tierDelete},
		"GET /petitions/{id}/counts":             {targets: p, rule: org},
		"GET /petitions/{id}/signatures.csv":     {targets: p, rule: org},
		"GET /petitions/{id}/handover.pdf":       {targets: p, rule: org},
	}
}

// petitionsNamed names the world's petitions of the given keys.
func petitionsNamed(keys ...string) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		var out []crawlTarget
		for _, k := range keys {
			o := w.petitionObj(w.petitions[k])
			out = append(out, crawlTarget{values: []string{o.id}, objs: []*crawlObject{o}, fit: true})
		}
		return out
	}
}

// petitionForm is a valid national petition.
func petitionForm(title string) func(crawlCall) crawlBody {
	return form("title", title, "text", "Nous demandons ce que le crawl demande.", "addressee", "Le gouvernement", "goal", "500", "scope", "national")
}

// cosignAnswer: the administrators of g2, invited to co-sign the
// published petition, answer.
func cosignAnswer(c crawlCall) want {
	if c.w.groupRank(c.w.groups["g2"], c.who) == rankAdmin {
		return wAllow
	}
	return wDeny
}

func cosignForm(c crawlCall) crawlBody {
	return formOf(c, "petition", c.w.petitions["published"].id, "group", c.w.groups["g2"].id, "accept", "1")
}

// pictureForm is a multipart form with a small picture.
func pictureForm(c crawlCall) crawlBody {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("image", "affiche.png")
	fw.Write(crawlPNG(230))
	mw.Close()
	return crawlBody{ctype: mw.FormDataContentType(), data: buf.String()}
}

// paperCSVForm is a multipart form with a CSV file of one paper signature.
func paperCSVForm(c crawlCall) crawlBody {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "papier.csv")
	fw.Write([]byte("prénom,nom,code postal\nPapier,Crawl,69007\n"))
	mw.Close()
	return crawlBody{ctype: mw.FormDataContentType(), data: buf.String()}
}

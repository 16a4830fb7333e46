package e2e

// The pages of accounts, settings, administration and files
// (internal/web/routes.go).

// unknownID is an ID no object has.
const unknownID = "01M8XDAHA3TYB93MJTEWD9FGTY"

func webRoutes() map[string]*crawlRoute {
	self := ownerOnly
	return map[string]*crawlRoute{
		"GET /{$}":           {targets: lit(""), rule: everyone},
		"/":                  {targets: pathOnly("/crawl-no-such-page"), rule: func(crawlCall) want { return wHidden }},
		"GET /static/{name}": {targets: staticAsset, rule: everyone},
		// An upload is served like the object it belongs to.
		"GET /uploads/{name}":           {targets: both(photoFiles(false), petitionPictures), rule: uploadRule},
		"GET /uploads/{variant}/{name}": {targets: photoFiles(true), rule: anything},
		"GET /cards/{file}":             {targets: lit("", "instance-crawl.png"), rule: everyone},
		"GET /dashboard":                {targets: lit(""), rule: signedIn},
		"GET /about/places":             {targets: lit(""), rule: everyone},
		"GET /about/privacy":            {targets: lit(""), rule: everyone},

		// Signing in is for everyone; a link's secret (here a wrong one)
		// decides, not the role.
		"GET /login":              {targets: lit(""), rule: everyone},
		"POST /login":             {targets: lit(""), rule: anything, body: form("email", "someone@crawl.example")},
		"POST /login/password":    {targets: lit(""), rule: anything, body: form("email", "someone@crawl.example", "password", "wrong password")},
		"GET /login/confirm":      {targets: lit("token=" + wrongToken), rule: anything},
		"POST /login/confirm":     {targets: lit(""), rule: anything, body: form("token", wrongToken)},
		"POST /logout":            {targets: lit(""), rule: anything, tier: tierSession},
		"POST /logout/everywhere": {targets: lit(""), rule: signedIn, tier: tierSession},

		"GET /settings":                {targets: lit(""), rule: signedIn},
		"GET /welcome":                 {targets: lit(""), rule: signedIn},
		"POST /welcome":                {targets: lit(""), rule: anything, body: form("display_name", "Crawl", "handle", "crawl_identity")},
		"POST /language":               {targets: lit(""), rule: everyone, body: form("lang", "en", "next", "/")},
		"POST /settings/language":      {targets: lit(""), rule: signedIn, body: form("lang", "fr")},
		"POST /settings/password":      {targets: lit(""), rule: signedIn, body: form("password", "un mot de passe assez long")},
		"POST /settings/email":         {targets: lit(""), rule: signedIn, body: form("email", "moved@crawl.example")},
		"GET /settings/email/confirm":  {targets: lit("token=" + wrongToken), rule: anything},
		"POST /settings/email/confirm": {targets: lit(""), rule: anything, body: form("token", wrongToken)},
		"GET /settings/export.json":    {targets: lit(""), rule: signedIn},
		"GET /settings/delete":         {targets: lit(""), rule: signedIn},
		"POST /settings/delete":        {targets: lit(""), rule: signedIn, body: form("confirm", "yes"), tier: tierAccount},

		"GET /settings/tokens":              {targets: lit(""), rule: signedIn},
		"POST /settings/tokens":             {targets: lit(""), rule: signedIn, body: form("label", "crawl", "write", "1")},
		"GET /settings/tokens/{id}/revoke":  {targets: tokens, rule: self},
		"POST /settings/tokens/{id}/revoke": {targets: tokens, rule: self, body: confirmed(), tier: tierSession},

		"GET /settings/profiles":               {targets: lit(""), rule: signedIn},
		"POST /settings/profiles":              {targets: lit(""), rule: signedIn, body: newProfile},
		"GET /settings/profiles/{id}":          {targets: objs("profile", "profile2"), rule: self},
		"POST /settings/profiles/{id}":         {targets: objs("profile2"), rule: self, body: form("display_name", "Autre nom", "bio", "Bio")},
		"POST /settings/profiles/{id}/avatar":  {targets: objs("profile2"), rule: self, body: form("remove", "1")},
		"POST /settings/profiles/{id}/act":     {targets: objs("profile"), rule: self, body: form()},
		"POST /settings/profiles/{id}/default": {targets: objs("profile"), rule: self, body: form()},
		"GET /settings/profiles/{id}/delete":   {targets: objs("profile2"), rule: self},
		"POST /settings/profiles/{id}/delete":  {targets: objs("profile2"), rule: self, body: confirmed(), tier: tierRemove},
		"POST /reports/profile":                {targets: lit(""), rule: signedIn, body: reportProfile},

		"GET /admin":              {targets: lit(""), rule: instanceAdmin},
		"GET /admin/invitations":  {targets: lit(""), rule: instanceAdmin},
		"POST /admin/invitations": {targets: lit(""), rule: instanceAdmin, body: form()},
		// An account nobody holds: refused whoever asks (no such account).
		"GET /admin/invitations/{id}/stop":    {targets: lit("", unknownID), rule: nobody},
		"POST /admin/invitations/{id}/stop":   {targets: lit("", unknownID), rule: nobody, body: confirmed()},
		"POST /admin/invitations/{id}/resume": {targets: lit("", unknownID), rule: instanceAdmin, body: form()}, // resuming nothing held is done
		"POST /admin":                         {targets: lit(""), rule: instanceAdmin, body: form("name", "Cortège du crawl", "registrations", "open", "default_lang", "fr")},
		"GET /admin/accounts":                 {targets: lit(""), rule: instanceAdmin},
		"GET /admin/accounts/{id}":            {targets: objs("account"), rule: instanceAdmin},
		"POST /admin/accounts/{id}/status":    {targets: ownedBy("account", xVictim, roleMember), rule: adminOnVictim, body: form("status", "suspended"), tier: tierDelete},
		"GET /admin/accounts/{id}/delete":     {targets: objs("account"), rule: instanceAdmin},
		"POST /admin/accounts/{id}/delete":    {targets: ownedBy("account", xVictim, roleMember), rule: adminOnVictim, body: form("confirm", "yes"), tier: tierRemove},
	}
}

// wrongToken is a well-shaped secret no link was ever made with.
const wrongToken = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

// adminOnVictim: only administrators suspend or delete accounts; the
// crawl lets them act on the victim only (the member's account is tried
// by everyone else).
func adminOnVictim(c crawlCall) want {
	if c.who != roleRoot {
		return wDeny
	}
	if c.obj(0).author == xVictim {
		return wAllow
	}
	return wSkip // not done: the member keeps crawling
}

func newProfile(c crawlCall) crawlBody {
	return formOf(c, "handle", handleOf(c.who)+"_new", "display_name", "Nouveau profil")
}

func reportProfile(c crawlCall) crawlBody {
	return formOf(c, "target", c.w.people[xVictim].pid(), "reason", "Signalement du crawl")
}

// tokens names each role's current API token.
func tokens(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, k := range crawlRoles[1:] {
		o := &crawlObject{kind: "token", id: w.people[k].tokenID, author: k}
		out = append(out, crawlTarget{values: []string{o.id}, objs: []*crawlObject{o}, fit: true})
	}
	return out
}

// pathOnly is one target with its whole path.
func pathOnly(path string) func(*crawlWorld) []crawlTarget {
	return func(*crawlWorld) []crawlTarget { return []crawlTarget{{path: path, fit: true}} }
}

// staticAsset names one of the fingerprinted assets the home page links.
func staticAsset(w *crawlWorld) []crawlTarget {
	return []crawlTarget{{values: []string{w.static}, fit: true}}
}

// photoFiles names each photo's file (its preview derivative with card).
func photoFiles(card bool) func(*crawlWorld) []crawlTarget {
	return func(w *crawlWorld) []crawlTarget {
		var out []crawlTarget
		for _, o := range w.objects["photo"] {
			t := crawlTarget{values: []string{o.file}, objs: []*crawlObject{o}, fit: true}
			if card {
				t.values = []string{"card", o.file}
			}
			out = append(out, t)
		}
		return out
	}
}

// petitionPictures names each petition's picture file.
func petitionPictures(w *crawlWorld) []crawlTarget {
	var out []crawlTarget
	for _, o := range w.objects["petitionpic"] {
		out = append(out, crawlTarget{values: []string{o.file}, objs: []*crawlObject{o}, fit: true})
	}
	return out
}

// uploadRule: a petition's picture is for those who see the petition (a
// draft's for its organisers), a photo's file for those who see its event.
func uploadRule(c crawlCall) want {
	if p := c.obj(0).petition; p != nil {
		return decide(c.w.seesPetition(p, c.who), false)
	}
	return photoFileRule(c)
}

// photoFileRule: a photo's file is for those who see its event.
func photoFileRule(c crawlCall) want {
	return decide(c.w.seesEvent(c.obj(0).event, c.who), false)
}

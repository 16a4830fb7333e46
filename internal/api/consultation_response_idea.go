package api

import (
	"net/http"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// Idea is an idea of an ideas box, with its author (ideas are published
// with their author's name) and its supports.
type Idea struct {
	ID        string `json:"id"`
	Question  string `json:"question"`
	Title     string `json:"title"`
	Body      string `json:"body"`
	Handle    string `json:"author_handle"`
	Name      string `json:"author_name"`
	Supports  int    `json:"supports"`
	Supported bool   `json:"supported"` // the caller supports it
	Mine      bool   `json:"mine"`      // the caller wrote it
	CreatedAt string `json:"created_at"`
}

// IdeaList answers GET …/ideas: most supported first, then oldest.
type IdeaList struct {
	Ideas []Idea `json:"ideas"`
}

// IdeaCreate is the body of POST …/ideas.
type IdeaCreate struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

func toIdea(v service.IdeaView) Idea {
	i := v.Idea
	return Idea{ID: i.ID, Question: i.QuestionID, Title: i.Title, Body: i.Body, Handle: v.Handle, Name: v.DisplayName,
		Supports: i.Supports, Supported: v.Supported, Mine: v.Mine, CreatedAt: timeString(i.CreatedAt)}
}

// handleIdeaList lists an ideas box's ideas.
func (a *API) handleIdeaList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	qid, err := pathID(r, "question")
	if err != nil {
		return err
	}
	vs, err := a.svc.Ideas(r.Context(), httpx.Actor(r.Context()), id, qid)
	if err != nil {
		return err
	}
	out := IdeaList{Ideas: make([]Idea, 0, len(vs))}
	for _, v := range vs {
		out.Ideas = append(out.Ideas, toIdea(v))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleIdeaCreate submits the caller's idea.
func (a *API) handleIdeaCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	qid, err := pathID(r, "question")
	if err != nil {
		return err
	}
	var in IdeaCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	a1 := httpx.Actor(r.Context())
	i, err := a.svc.SubmitIdea(r.Context(), a1, id, qid, in.Title, in.Body)
	if err != nil {
		return err
	}
	v := service.IdeaView{Idea: *i, Mine: true}
	if a1.Profile != nil {
		v.Handle, v.DisplayName = a1.Profile.Handle, a1.Profile.DisplayName
	}
	return writeJSON(w, http.StatusCreated, toIdea(v))
}

// handleIdeaSupport adds the caller's support (once per member: a second
// is 409).
func (a *API) handleIdeaSupport(w http.ResponseWriter, r *http.Request) error {
	return a.ideaSupport(w, r, true)
}

// handleIdeaUnsupport takes the caller's support back.
func (a *API) handleIdeaUnsupport(w http.ResponseWriter, r *http.Request) error {
	return a.ideaSupport(w, r, false)
}

func (a *API) ideaSupport(w http.ResponseWriter, r *http.Request, support bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	idea, err := pathID(r, "idea")
	if err != nil {
		return err
	}
	actor := httpx.Actor(r.Context())
	if support {
		err = a.svc.SupportIdea(r.Context(), actor, id, idea)
	} else {
		err = a.svc.WithdrawSupport(r.Context(), actor, id, idea)
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleIdeaDelete removes an idea: its author until closing, the
// organisers at any time.
func (a *API) handleIdeaDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	idea, err := pathID(r, "idea")
	if err != nil {
		return err
	}
	if err := a.svc.RemoveIdea(r.Context(), httpx.Actor(r.Context()), id, idea); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

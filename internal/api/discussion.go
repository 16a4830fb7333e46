package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// Discussion is a thread inside a group; pinned threads come first.
type Discussion struct {
	ID            string `json:"id"`
	GroupID       string `json:"group_id"`
	AuthorID      string `json:"author_id"`
	Title         string `json:"title"`
	Pinned        bool   `json:"pinned"`
	Locked        bool   `json:"locked"`
	MessageCount  int    `json:"message_count"`
	CreatedAt     string `json:"created_at"`
	LastMessageAt string `json:"last_message_at"`
}

func toDiscussion(d *cortege.Discussion) Discussion {
	return Discussion{ID: d.ID, GroupID: d.GroupID, AuthorID: d.AuthorID, Title: d.Title, Pinned: d.Pinned, Locked: d.Locked,
		MessageCount: d.MessageCount, CreatedAt: timeString(d.CreatedAt), LastMessageAt: timeString(d.LastMessageAt)}
}

// DiscussionList answers GET /api/v1/groups/{group}/discussions.
type DiscussionList struct {
	Discussions []Discussion `json:"discussions"`
	Page        int          `json:"page"`
	Pages       int          `json:"pages"`
}

// Message is one message of a discussion; a deleted one keeps its place
// without its body.
type Message struct {
	ID           string  `json:"id"`
	DiscussionID string  `json:"discussion_id"`
	AuthorID     string  `json:"author_id"`
	Body         string  `json:"body"`
	BodyHTML     string  `json:"body_html"`
	CreatedAt    string  `json:"created_at"`
	EditedAt     *string `json:"edited_at"`
	DeletedAt    *string `json:"deleted_at"`
	DeletedBy    string  `json:"deleted_by"`
}

func toMessage(m *cortege.Message) Message {
	out := Message{ID: m.ID, DiscussionID: m.DiscussionID, AuthorID: m.AuthorID, Body: m.Body, BodyHTML: markdown.ToHTML(m.Body),
		CreatedAt: timeString(m.CreatedAt), EditedAt: optTime(m.EditedAt), DeletedAt: optTime(m.DeletedAt), DeletedBy: m.DeletedBy}
	if m.Deleted() {
		out.Body, out.BodyHTML = "", ""
	}
	return out
}

// DiscussionDetail answers GET /api/v1/discussions/{id}: the thread and a
// page of its messages.
type DiscussionDetail struct {
	Discussion Discussion `json:"discussion"`
	Messages   []Message  `json:"messages"`
	Following  bool       `json:"following"`
	CanReply   bool       `json:"can_reply"`
	Page       int        `json:"page"`
	Pages      int        `json:"pages"`
}

func toDiscussionDetail(v *service.DiscussionView) DiscussionDetail {
	out := DiscussionDetail{Discussion: toDiscussion(v.Discussion), Messages: make([]Message, 0, len(v.Messages)),
		Following: v.Following, CanReply: v.CanReply, Page: v.Page, Pages: v.Pages}
	for _, m := range v.Messages {
		out.Messages = append(out.Messages, toMessage(m))
	}
	return out
}

// DiscussionCreate is the body of POST /api/v1/groups/{group}/discussions:
// a title and the first message.
type DiscussionCreate struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// DiscussionUpdate is the body of PATCH /api/v1/discussions/{id}: rename
// (author or moderator), pin and lock (moderators), follow (anyone who
// reads it). Absent fields stay.
type DiscussionUpdate struct {
	Title     *string `json:"title"`
	Pinned    *bool   `json:"pinned"`
	Locked    *bool   `json:"locked"`
	Following *bool   `json:"following"`
}

// MessageCreate is the body of a new or edited message.
type MessageCreate struct {
	Body string `json:"body"`
}

// handleDiscussionList lists a group's threads; members only.
func (a *API) handleDiscussionList(w http.ResponseWriter, r *http.Request) error {
	page, err := queryPage(r)
	if err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	dp, err := a.svc.Discussions(r.Context(), httpx.Actor(r.Context()), g.ID, page)
	if err != nil {
		return err
	}
	out := DiscussionList{Discussions: make([]Discussion, 0, len(dp.Discussions)), Page: dp.Page, Pages: dp.Pages}
	for _, d := range dp.Discussions {
		out.Discussions = append(out.Discussions, toDiscussion(d))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleDiscussionCreate opens a thread; members.
func (a *API) handleDiscussionCreate(w http.ResponseWriter, r *http.Request) error {
	var in DiscussionCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	d, err := a.svc.StartDiscussion(r.Context(), httpx.Actor(r.Context()), g.ID, in.Title, in.Body)
	if err != nil {
		return err
	}
	w.Header().Set("Location", a.baseURL+"/api/v1/discussions/"+d.ID)
	return writeJSON(w, http.StatusCreated, toDiscussion(d))
}

// handleDiscussionGet answers a thread with a page of messages; members.
func (a *API) handleDiscussionGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	page, err := queryPage(r)
	if err != nil {
		return err
	}
	v, err := a.svc.Discussion(r.Context(), httpx.Actor(r.Context()), id, page)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toDiscussionDetail(v))
}

// handleDiscussionUpdate renames, pins, locks or follows a thread.
func (a *API) handleDiscussionUpdate(w http.ResponseWriter, r *http.Request) error {
	var in DiscussionUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx, actor := r.Context(), httpx.Actor(r.Context())
	if in.Title != nil {
		if _, err := a.svc.RenameDiscussion(ctx, actor, id, *in.Title); err != nil {
			return err
		}
	}
	if in.Pinned != nil {
		if _, err := a.svc.SetPinned(ctx, actor, id, *in.Pinned); err != nil {
			return err
		}
	}
	if in.Locked != nil {
		if _, err := a.svc.SetLocked(ctx, actor, id, *in.Locked); err != nil {
			return err
		}
	}
	if in.Following != nil {
		if err := a.svc.FollowDiscussion(ctx, actor, id, *in.Following); err != nil {
			return err
		}
	}
	v, err := a.svc.Discussion(ctx, actor, id, 1)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toDiscussionDetail(v))
}

// handleDiscussionDelete deletes a thread; moderators.
func (a *API) handleDiscussionDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.svc.DeleteDiscussion(r.Context(), httpx.Actor(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}

// handleMessageCreate replies in a thread; members (moderators only once
// it is locked).
func (a *API) handleMessageCreate(w http.ResponseWriter, r *http.Request) error {
	var in MessageCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := a.svc.Reply(r.Context(), httpx.Actor(r.Context()), id, in.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toMessage(m))
}

// handleMessageUpdate edits the caller's own message.
func (a *API) handleMessageUpdate(w http.ResponseWriter, r *http.Request) error {
	var in MessageCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := a.svc.EditMessage(r.Context(), httpx.Actor(r.Context()), id, in.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toMessage(m))
}

// handleMessageDelete deletes a message: its author or a moderator.
func (a *API) handleMessageDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.svc.DeleteMessage(r.Context(), httpx.Actor(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}

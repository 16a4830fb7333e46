package api

import (
	"net/http"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// Task is one thing to do: who does what, by when.
type Task struct {
	ID         string  `json:"id"`
	ListID     string  `json:"list_id"`
	GroupID    string  `json:"group_id"`
	Title      string  `json:"title"`
	Notes      string  `json:"notes"`
	AssigneeID string  `json:"assignee_id"`
	DueAt      *string `json:"due_at"`
	Done       bool    `json:"done"`
	DoneAt     *string `json:"done_at"`
	CreatedBy  string  `json:"created_by"`
	CreatedAt  string  `json:"created_at"`
	UpdatedAt  string  `json:"updated_at"`
}

func toTask(t *cortege.Task) Task {
	return Task{ID: t.ID, ListID: t.ListID, GroupID: t.GroupID, Title: t.Title, Notes: t.Notes, AssigneeID: t.AssigneeID,
		DueAt: optTime(t.DueAt), Done: t.Done, DoneAt: optTime(t.DoneAt), CreatedBy: t.CreatedBy,
		CreatedAt: timeString(t.CreatedAt), UpdatedAt: timeString(t.UpdatedAt)}
}

// TaskList is a list of a group's tasks.
type TaskList struct {
	ID        string `json:"id"`
	GroupID   string `json:"group_id"`
	Title     string `json:"title"`
	CreatedBy string `json:"created_by"`
	CreatedAt string `json:"created_at"`
	Tasks     []Task `json:"tasks"`
}

func toTaskList(l *cortege.TaskList, ts []*cortege.Task) TaskList {
	out := TaskList{ID: l.ID, GroupID: l.GroupID, Title: l.Title, CreatedBy: l.CreatedBy, CreatedAt: timeString(l.CreatedAt), Tasks: make([]Task, 0, len(ts))}
	for _, t := range ts {
		out.Tasks = append(out.Tasks, toTask(t))
	}
	return out
}

// TaskBoard answers GET /api/v1/groups/{group}/tasks: every list with its
// tasks.
type TaskBoard struct {
	TaskLists []TaskList `json:"task_lists"`
}

// TaskListCreate is the body of a new or renamed task list.
type TaskListCreate struct {
	Title string `json:"title"`
}

// TaskCreate is the body of POST /api/v1/task-lists/{id}/tasks. due_at is
// RFC 3339 or a date; assignee_id a member's profile ID.
type TaskCreate struct {
	Title      string `json:"title"`
	Notes      string `json:"notes"`
	AssigneeID string `json:"assignee_id"`
	DueAt      string `json:"due_at"`
}

// TaskUpdate is the body of PATCH /api/v1/tasks/{id}; absent fields stay,
// "" clears the assignee or the due date.
type TaskUpdate struct {
	Title      *string `json:"title"`
	Notes      *string `json:"notes"`
	AssigneeID *string `json:"assignee_id"`
	DueAt      *string `json:"due_at"`
	Done       *bool   `json:"done"`
}

// MyTask is one of the caller's open tasks with its group.
type MyTask struct {
	Task  Task          `json:"task"`
	Group *GroupSummary `json:"group"`
}

// MyTaskList answers GET /api/v1/me/tasks.
type MyTaskList struct {
	Tasks []MyTask `json:"tasks"`
}

func (a *API) toMyTasks(ts []*service.MyTask) MyTaskList {
	out := MyTaskList{Tasks: make([]MyTask, 0, len(ts))}
	for _, t := range ts {
		out.Tasks = append(out.Tasks, MyTask{Task: toTask(t.Task), Group: a.toGroupSummary(t.Group)})
	}
	return out
}

// handleTaskBoard lists a group's task lists and tasks; members only.
func (a *API) handleTaskBoard(w http.ResponseWriter, r *http.Request) error {
	g, err := a.group(r)
	if err != nil {
		return err
	}
	vs, err := a.svc.GroupTasks(r.Context(), httpx.Actor(r.Context()), g.ID)
	if err != nil {
		return err
	}
	out := TaskBoard{TaskLists: make([]TaskList, 0, len(vs))}
	for _, v := range vs {
		out.TaskLists = append(out.TaskLists, toTaskList(v.List, v.Tasks))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleTaskListCreate adds a task list; members.
func (a *API) handleTaskListCreate(w http.ResponseWriter, r *http.Request) error {
	var in TaskListCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	l, err := a.svc.CreateTaskList(r.Context(), httpx.Actor(r.Context()), g.ID, in.Title)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toTaskList(l, nil))
}

// handleTaskListUpdate renames a list; members.
func (a *API) handleTaskListUpdate(w http.ResponseWriter, r *http.Request) error {
	var in TaskListCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l, err := a.svc.RenameTaskList(r.Context(), httpx.Actor(r.Context()), id, in.Title)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toTaskList(l, nil))
}

// handleTaskListDelete deletes a list with its tasks: its creator or a
// moderator.
func (a *API) handleTaskListDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.svc.DeleteTaskList(r.Context(), httpx.Actor(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}

// handleTaskCreate adds a task to a list; members. The assignee is told.
func (a *API) handleTaskCreate(w http.ResponseWriter, r *http.Request) error {
	var in TaskCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	due, dueErr := optTimeIn("due_at", &in.DueAt)
	t, err := a.svc.CreateTask(r.Context(), httpx.Actor(r.Context()), id, service.TaskInput{Title: in.Title, Notes: in.Notes, AssigneeID: in.AssigneeID, DueAt: due, DueErr: dueErr})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toTask(t))
}

// handleTaskUpdate edits, assigns, or marks a task done; members.
func (a *API) handleTaskUpdate(w http.ResponseWriter, r *http.Request) error {
	var in TaskUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var due time.Time
	var dueErr error
	if in.DueAt != nil {
		due, dueErr = optTimeIn("due_at", in.DueAt)
	}
	ctx, actor := r.Context(), httpx.Actor(r.Context())
	t, err := a.svc.Task(ctx, actor, id)
	if err != nil {
		return err
	}
	if in.Title != nil || in.Notes != nil || in.AssigneeID != nil || in.DueAt != nil {
		ti := service.TaskInput{Title: t.Title, Notes: t.Notes, AssigneeID: t.AssigneeID, DueAt: t.DueAt}
		setStr(&ti.Title, in.Title)
		setStr(&ti.Notes, in.Notes)
		setStr(&ti.AssigneeID, in.AssigneeID)
		if in.DueAt != nil {
			ti.DueAt, ti.DueErr = due, dueErr
		}
		if t, err = a.svc.UpdateTask(ctx, actor, id, ti); err != nil {
			return err
		}
	}
	if in.Done != nil {
		if t, err = a.svc.SetTaskDone(ctx, actor, id, *in.Done); err != nil {
			return err
		}
	}
	return writeJSON(w, http.StatusOK, toTask(t))
}

// handleTaskDelete deletes a task: its creator or a moderator.
func (a *API) handleTaskDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.svc.DeleteTask(r.Context(), httpx.Actor(r.Context()), id); err != nil {
		return err
	}
	return noContent(w)
}

// handleMyTasks lists the caller's open tasks across their groups.
func (a *API) handleMyTasks(w http.ResponseWriter, r *http.Request) error {
	ts, err := a.svc.MyTasks(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.toMyTasks(ts))
}

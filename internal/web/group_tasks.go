package web

import (
	"net/http"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// tasksData is the view model of a group's task lists.
type tasksData struct {
	*groupView
	Lists   []*taskListItem
	Members []*cortege.Member // possible assignees
	Now     time.Time
	MeID    string
	EditID  string // the task whose edit form comes back with a message
}

// taskListItem is a list with its tasks as the page shows them.
type taskListItem struct {
	List      *cortege.TaskList
	Tasks     []*taskItem
	Open      int
	CanDelete bool
}

// taskItem is a task with its assignee and what the actor may do.
type taskItem struct {
	Task      *cortege.Task
	Assignee  *cortege.Profile
	Overdue   bool
	CanDelete bool
	Due       string // YYYY-MM-DD for the date control
}

func (w *Web) tasksData(r *http.Request) (*tasksData, error) {
	g, err := w.loadGroup(r, "tasks")
	if err != nil {
		return nil, err
	}
	if err := g.needInside(r); err != nil {
		return nil, err
	}
	a := httpx.Actor(r.Context())
	lists, err := w.svc.GroupTasks(r.Context(), a, g.Group.ID)
	if err != nil {
		return nil, err
	}
	mp, err := w.svc.Members(r.Context(), a, g.Group.ID, cortege.MemberActive, 1)
	if err != nil {
		return nil, err
	}
	d := &tasksData{groupView: g, Members: mp.Members, Now: time.Now(), MeID: meID(a)}
	var ids []string
	for _, l := range lists {
		for _, t := range l.Tasks {
			ids = append(ids, t.AssigneeID)
		}
	}
	names, err := w.svc.ProfileNames(r.Context(), a, ids)
	if err != nil {
		return nil, err
	}
	mod := g.Can(string(cortege.ActModerate))
	for _, l := range lists {
		li := &taskListItem{List: l.List, CanDelete: mod || l.List.CreatedBy == d.MeID}
		for _, t := range l.Tasks {
			ti := &taskItem{Task: t, Assignee: names[t.AssigneeID], Overdue: t.Overdue(d.Now), CanDelete: cortege.CanDeleteTask(g.Group, g.Role, d.MeID, t)}
			if !t.DueAt.IsZero() {
				ti.Due = t.DueAt.UTC().Format(time.DateOnly)
			}
			if !t.Done {
				li.Open++
			}
			li.Tasks = append(li.Tasks, ti)
		}
		d.Lists = append(d.Lists, li)
	}
	return d, nil
}

// handleGroupTasks shows a group's task lists; members.
func (w *Web) handleGroupTasks(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.tasksData(r)
	if err != nil {
		return err
	}
	return w.renderG(rw, r, http.StatusOK, "group_tasks", "group.tasks.title", d, nil)
}

// taskAction runs a POST of the tasks page and comes back ("next" may
// name another page: the dashboard, my tasks), or shows the page again
// with the form's message.
func (w *Web) taskAction(rw http.ResponseWriter, r *http.Request, name string, fields []string, act func(g *groupView, f *form) (string, error)) error {
	g, err := w.loadGroup(r, "tasks")
	if err != nil {
		return err
	}
	return w.formPost(rw, r, name, append(fields, "next"),
		func(f *form) (string, error) { return act(g, f) },
		func(f *form, ok string) string { return withOK(backTo(f, g.Path()+"/tasks"), ok) },
		func(status int, f *form) error {
			d, err := w.tasksData(r)
			if err != nil {
				return err
			}
			d.EditID = r.PathValue("id")
			return w.renderG(rw, r, status, "group_tasks", "group.tasks.title", d, f)
		})
}

// taskInput reads a task form; the due date is a day (YYYY-MM-DD), due
// by its end.
func taskInput(f *form) (service.TaskInput, error) {
	in := service.TaskInput{Title: f.V("title"), Notes: f.V("notes"), AssigneeID: f.V("assignee")}
	if s := strings.TrimSpace(f.V("due")); s != "" {
		day, err := time.Parse(time.DateOnly, s)
		if err != nil || !cortege.InTimeRange(day) {
			return in, invalid("due", "err.date.invalid")
		}
		in.DueAt = day.Add(24*time.Hour - time.Second)
	}
	return in, nil
}

// handleGroupTaskListCreate adds a task list.
func (w *Web) handleGroupTaskListCreate(rw http.ResponseWriter, r *http.Request) error {
	return w.taskAction(rw, r, "list", []string{"title"}, func(g *groupView, f *form) (string, error) {
		_, err := w.svc.CreateTaskList(r.Context(), httpx.Actor(r.Context()), g.Group.ID, f.V("title"))
		return "list_created", err
	})
}

// handleGroupTaskListDelete deletes a list with its tasks.
func (w *Web) handleGroupTaskListDelete(rw http.ResponseWriter, r *http.Request) error {
	return w.taskAction(rw, r, "list_delete", nil, func(g *groupView, f *form) (string, error) {
		return "list_deleted", w.svc.DeleteTaskList(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	})
}

// handleGroupTaskListRename renames a list.
func (w *Web) handleGroupTaskListRename(rw http.ResponseWriter, r *http.Request) error {
	return w.taskAction(rw, r, "list_rename", []string{"title"}, func(g *groupView, f *form) (string, error) {
		_, err := w.svc.RenameTaskList(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"), f.V("title"))
		return "list_renamed", err
	})
}

// handleGroupTaskCreate adds a task to a list.
func (w *Web) handleGroupTaskCreate(rw http.ResponseWriter, r *http.Request) error {
	name := "task-" + r.PathValue("id")
	return w.taskAction(rw, r, name, []string{"title", "assignee", "due", "notes"}, func(g *groupView, f *form) (string, error) {
		in, err := taskInput(f)
		if err != nil {
			return "", err
		}
		_, err = w.svc.CreateTask(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"), in)
		return "task_created", err
	})
}

// handleGroupTaskUpdate changes a task: title, assignee, due date, notes.
func (w *Web) handleGroupTaskUpdate(rw http.ResponseWriter, r *http.Request) error {
	name := "edit-" + r.PathValue("id")
	return w.taskAction(rw, r, name, []string{"title", "assignee", "due", "notes"}, func(g *groupView, f *form) (string, error) {
		in, err := taskInput(f)
		if err != nil {
			return "", err
		}
		_, err = w.svc.UpdateTask(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"), in)
		return "task_saved", err
	})
}

// handleGroupTaskDone marks a task done (done=1) or not done.
func (w *Web) handleGroupTaskDone(rw http.ResponseWriter, r *http.Request) error {
	return w.taskAction(rw, r, "done", []string{"done"}, func(g *groupView, f *form) (string, error) {
		_, err := w.svc.SetTaskDone(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"), f.V("done") == "1")
		return "task_saved", err
	})
}

// handleGroupTaskDelete deletes a task: its creator or a moderator.
func (w *Web) handleGroupTaskDelete(rw http.ResponseWriter, r *http.Request) error {
	return w.taskAction(rw, r, "task_delete", nil, func(g *groupView, f *form) (string, error) {
		return "task_deleted", w.svc.DeleteTask(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	})
}

// myTasksData is the view model of "my tasks" across groups.
type myTasksData struct {
	Tasks []*service.MyTask
	Now   time.Time
}

// handleMyTasks lists the actor's open tasks in every group, soonest due
// first.
func (w *Web) handleMyTasks(rw http.ResponseWriter, r *http.Request) error {
	ts, err := w.svc.MyTasks(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return w.renderG(rw, r, http.StatusOK, "group_mytasks", "tasks.mine.title", &myTasksData{Tasks: ts, Now: time.Now()}, nil)
}

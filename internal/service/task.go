package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// TaskInput is what a member fills in for a task: "who does what, by when".
type TaskInput struct {
	Title      string
	Notes      string
	AssigneeID string    // a member's profile, "" for nobody
	DueAt      time.Time // zero for none
	// DueErr is the boundary's refusal of a due date it could not read:
	// returned once the actor may change tasks, like any other
	// validation, so what the body says tells a stranger nothing.
	DueErr error
}

// CreateTaskList adds a task list to a group; members.
func (s *Service) CreateTaskList(ctx context.Context, a cortege.Actor, groupID, title string) (*cortege.TaskList, error) {
	if err := requirePublisher(a); err != nil {
		return nil, err
	}
	now := s.now()
	l := &cortege.TaskList{ID: cortege.NewID(now), GroupID: groupID, Title: title, CreatedBy: a.Profile.ID, CreatedAt: now}
	err := s.inTx(ctx, func(q *store.Q) error {
		if _, _, err := s.need(ctx, q, a, groupID, cortege.ActEditTasks); err != nil {
			return err
		}
		if err := l.Validate(); err != nil {
			return err
		}
		return q.CreateTaskList(ctx, l)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// RenameTaskList renames a list; members.
func (s *Service) RenameTaskList(ctx context.Context, a cortege.Actor, listID, title string) (*cortege.TaskList, error) {
	var out *cortege.TaskList
	err := s.inTx(ctx, func(q *store.Q) error {
		l, err := q.TaskListByID(ctx, listID)
		if err != nil {
			return err
		}
		if _, _, err := s.needOf(ctx, q, a, l.GroupID, cortege.ActEditTasks, "err.task_list.not_found"); err != nil {
			return err
		}
		l.Title = title
		if err := l.Validate(); err != nil {
			return err
		}
		out = l
		return q.UpdateTaskList(ctx, l)
	})
	return out, err
}

// DeleteTaskList deletes a list with its tasks: its creator or a moderator.
func (s *Service) DeleteTaskList(ctx context.Context, a cortege.Actor, listID string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		l, err := s.taskListToDelete(ctx, q, a, listID)
		if err != nil {
			return err
		}
		return q.DeleteTaskList(ctx, l.ID)
	})
}

// taskListToDelete loads a list the actor may delete.
func (s *Service) taskListToDelete(ctx context.Context, q *store.Q, a cortege.Actor, listID string) (*cortege.TaskList, error) {
	l, err := q.TaskListByID(ctx, listID)
	if err != nil {
		return nil, err
	}
	g, role, err := s.needOf(ctx, q, a, l.GroupID, cortege.ActEditTasks, "err.task_list.not_found")
	if err != nil {
		return nil, err
	}
	if l.CreatedBy != a.Profile.ID && !g.Can(role, cortege.ActModerate) {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return l, nil
}

// checkAssignee refuses an assignee who is not an active member.
func checkAssignee(ctx context.Context, q *store.Q, g *cortege.Group, profileID string) error {
	if profileID == "" {
		return nil
	}
	r, err := q.MembershipRole(ctx, g.ID, profileID)
	if cortege.IsNotFound(err) || (err == nil && !g.Can(r, cortege.ActEditTasks)) {
		return cortege.Invalid("assignee", "err.task.assignee")
	}
	return err
}

// CreateTask adds a task to a list; members. The assignee, when another
// member, is notified.
func (s *Service) CreateTask(ctx context.Context, a cortege.Actor, listID string, in TaskInput) (*cortege.Task, error) {
	if err := requirePublisher(a); err != nil {
		return nil, err
	}
	var t *cortege.Task
	err := s.inTx(ctx, func(q *store.Q) error {
		l, err := q.TaskListByID(ctx, listID)
		if err != nil {
			return err
		}
		g, _, err := s.needOf(ctx, q, a, l.GroupID, cortege.ActEditTasks, "err.task_list.not_found")
		if err != nil {
			return err
		}
		if in.DueErr != nil {
			return in.DueErr
		}
		now := s.now()
		t = &cortege.Task{ID: cortege.NewID(now), ListID: l.ID, GroupID: g.ID, Title: in.Title, Notes: in.Notes, AssigneeID: in.AssigneeID, DueAt: in.DueAt, CreatedBy: a.Profile.ID, CreatedAt: now, UpdatedAt: now}
		if err := t.Validate(); err != nil {
			return err
		}
		if err := checkAssignee(ctx, q, g, t.AssigneeID); err != nil {
			return err
		}
		if err := q.CreateTask(ctx, t); err != nil {
			return err
		}
		return s.tellAssignee(ctx, q, a, g, t)
	})
	return t, err
}

// taskPath is a task on its group's task page.
func taskPath(g *cortege.Group, t *cortege.Task) string { return groupPath(g) + "/tasks#t-" + t.ID }

func (s *Service) tellAssignee(ctx context.Context, q *store.Q, a cortege.Actor, g *cortege.Group, t *cortege.Task) error {
	if t.AssigneeID == "" || t.AssigneeID == a.Profile.ID {
		return nil
	}
	text := t.Notes
	if !t.DueAt.IsZero() {
		text = joinText(text, "⏰ "+t.DueAt.UTC().Format("2006-01-02"))
	}
	n := notice{ProfileID: t.AssigneeID, Kind: cortege.NotifyTaskAssigned, Group: g.Name, Actor: a.Profile.Name(), Subject: t.Title, Text: text, Path: taskPath(g, t)}
	return queueNotice(ctx, q, n, t.ID+":"+itoa(int(t.UpdatedAt.UnixMilli())))
}

// UpdateTask changes a task (title, notes, assignee, due date); members.
func (s *Service) UpdateTask(ctx context.Context, a cortege.Actor, taskID string, in TaskInput) (*cortege.Task, error) {
	return s.changeTask(ctx, a, taskID, func(t *cortege.Task) error {
		t.Title, t.Notes, t.AssigneeID, t.DueAt = in.Title, in.Notes, in.AssigneeID, in.DueAt
		return in.DueErr
	})
}

// SetTaskDone marks a task done or not done; members.
func (s *Service) SetTaskDone(ctx context.Context, a cortege.Actor, taskID string, done bool) (*cortege.Task, error) {
	return s.changeTask(ctx, a, taskID, func(t *cortege.Task) error {
		if done && !t.Done {
			t.DoneAt = s.now()
		}
		if !done {
			t.DoneAt = time.Time{}
		}
		t.Done = done
		return nil
	})
}

func (s *Service) changeTask(ctx context.Context, a cortege.Actor, taskID string, change func(t *cortege.Task) error) (*cortege.Task, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	var out *cortege.Task
	err := s.inTx(ctx, func(q *store.Q) error {
		t, err := q.TaskByID(ctx, taskID)
		if err != nil {
			return err
		}
		g, role, err := s.needOf(ctx, q, a, t.GroupID, cortege.ActEditTasks, "err.task.not_found")
		if err != nil {
			return err
		}
		if !cortege.CanChangeTask(g, role) {
			return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
		}
		before := t.AssigneeID
		if err := change(t); err != nil {
			return err
		}
		t.UpdatedAt = s.now()
		if err := t.Validate(); err != nil {
			return err
		}
		if t.AssigneeID != before {
			if err := checkAssignee(ctx, q, g, t.AssigneeID); err != nil {
				return err
			}
		}
		if err := q.UpdateTask(ctx, t); err != nil {
			return err
		}
		out = t
		if t.AssigneeID != before {
			return s.tellAssignee(ctx, q, a, g, t)
		}
		return nil
	})
	return out, err
}

// DeleteTask deletes a task: its creator or a moderator.
func (s *Service) DeleteTask(ctx context.Context, a cortege.Actor, taskID string) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		t, err := s.taskToDelete(ctx, q, a, taskID)
		if err != nil {
			return err
		}
		return q.DeleteTask(ctx, t.ID)
	})
}

// taskToDelete loads a task the actor may delete.
func (s *Service) taskToDelete(ctx context.Context, q *store.Q, a cortege.Actor, taskID string) (*cortege.Task, error) {
	t, err := q.TaskByID(ctx, taskID)
	if err != nil {
		return nil, err
	}
	g, role, err := s.needOf(ctx, q, a, t.GroupID, cortege.ActEditTasks, "err.task.not_found")
	if err != nil {
		return nil, err
	}
	if !cortege.CanDeleteTask(g, role, a.Profile.ID, t) {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return t, nil
}

// TaskListView is a list with its tasks.
type TaskListView struct {
	List  *cortege.TaskList
	Tasks []*cortege.Task
}

// GroupTasks returns a group's task lists with their tasks; members only.
func (s *Service) GroupTasks(ctx context.Context, a cortege.Actor, groupID string) ([]*TaskListView, error) {
	q := s.db.Q()
	g, _, err := s.need(ctx, q, a, groupID, cortege.ActViewInside)
	if err != nil {
		return nil, err
	}
	lists, err := q.GroupTaskLists(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	tasks, err := q.GroupTasks(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*TaskListView, len(lists))
	byID := map[string]*TaskListView{}
	for i, l := range lists {
		out[i] = &TaskListView{List: l}
		byID[l.ID] = out[i]
	}
	for _, t := range tasks {
		if v := byID[t.ListID]; v != nil {
			v.Tasks = append(v.Tasks, t)
		}
	}
	return out, nil
}

// MyTask is one of the actor's open tasks with its group.
type MyTask struct {
	Task  *cortege.Task
	Group *cortege.Group
}

// MyTasks lists the actor's open tasks across their groups, soonest due
// first.
func (s *Service) MyTasks(ctx context.Context, a cortege.Actor) ([]*MyTask, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	q := s.db.Q()
	ts, err := q.OpenTasksForProfile(ctx, a.Profile.ID, 200)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(ts))
	for _, t := range ts {
		ids = append(ids, t.GroupID)
	}
	groups, err := q.GroupsByIDs(ctx, ids) // one statement, not one per group
	if err != nil {
		return nil, err
	}
	var out []*MyTask
	for _, t := range ts {
		g := groups[t.GroupID]
		if g == nil {
			return nil, cortege.Errorf(cortege.ENOTFOUND, "err.group.not_found")
		}
		out = append(out, &MyTask{Task: t, Group: g})
	}
	return out, nil
}

// Task returns a task of a group the actor is a member of, so a
// partial update can start from its current values; ENOTFOUND or
// EFORBIDDEN otherwise.
func (s *Service) Task(ctx context.Context, a cortege.Actor, taskID string) (*cortege.Task, error) {
	q := s.db.Q()
	t, err := q.TaskByID(ctx, taskID)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.needOf(ctx, q, a, t.GroupID, cortege.ActViewInside, "err.task.not_found"); err != nil {
		return nil, err
	}
	return t, nil
}

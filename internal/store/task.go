package store

import (
	"context"
	"database/sql"

	"codeberg.org/cortege/cortege"
)

// CreateTaskList inserts l.
func (q *Q) CreateTaskList(ctx context.Context, l *cortege.TaskList) error {
	_, err := q.exec(ctx, "CreateTaskList", l.ID, l.GroupID, l.Title, nullStr(l.CreatedBy), ms(l.CreatedAt))
	return err
}

// UpdateTaskList renames a list.
func (q *Q) UpdateTaskList(ctx context.Context, l *cortege.TaskList) error {
	return q.exec1(ctx, "UpdateTaskList", l.Title, l.ID)
}

// DeleteTaskList deletes a list and its tasks.
func (q *Q) DeleteTaskList(ctx context.Context, id string) error {
	return q.exec1(ctx, "DeleteTaskList", id)
}

func scanTaskList(s scanner) (*cortege.TaskList, error) {
	var l cortege.TaskList
	var c int64
	if err := s.Scan(&l.ID, &l.GroupID, &l.Title, &l.CreatedBy, &c); err != nil {
		return nil, err
	}
	l.CreatedAt = fromMS(c)
	return &l, nil
}

// TaskListByID returns a list or ENOTFOUND.
func (q *Q) TaskListByID(ctx context.Context, id string) (*cortege.TaskList, error) {
	l, err := scanTaskList(q.stmt(ctx, "TaskListByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.task_list.not_found")
	}
	return l, wrap("TaskListByID", err)
}

// GroupTaskLists lists a group's task lists, oldest first.
func (q *Q) GroupTaskLists(ctx context.Context, groupID string) ([]*cortege.TaskList, error) {
	rows, err := q.query(ctx, "GroupTaskLists", groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.TaskList
	for rows.Next() {
		l, err := scanTaskList(rows)
		if err != nil {
			return nil, wrap("GroupTaskLists", err)
		}
		out = append(out, l)
	}
	return out, wrap("GroupTaskLists", rows.Err())
}

// CreateTask inserts t.
func (q *Q) CreateTask(ctx context.Context, t *cortege.Task) error {
	_, err := q.exec(ctx, "CreateTask", t.ID, t.ListID, t.GroupID, t.Title, t.Notes, nullStr(t.AssigneeID), ms(t.DueAt),
		t.Done, ms(t.DoneAt), nullStr(t.CreatedBy), ms(t.CreatedAt), ms(t.UpdatedAt))
	return err
}

// UpdateTask saves t's editable fields.
func (q *Q) UpdateTask(ctx context.Context, t *cortege.Task) error {
	return q.exec1(ctx, "UpdateTask", t.Title, t.Notes, nullStr(t.AssigneeID), ms(t.DueAt), t.Done, ms(t.DoneAt), ms(t.UpdatedAt), t.ID)
}

// DeleteTask deletes a task.
func (q *Q) DeleteTask(ctx context.Context, id string) error { return q.exec1(ctx, "DeleteTask", id) }

func scanTask(s scanner) (*cortege.Task, error) {
	var t cortege.Task
	var due, done, c, u int64
	if err := s.Scan(&t.ID, &t.ListID, &t.GroupID, &t.Title, &t.Notes, &t.AssigneeID, &due, &t.Done, &done, &t.CreatedBy, &c, &u); err != nil {
		return nil, err
	}
	t.DueAt, t.DoneAt, t.CreatedAt, t.UpdatedAt = fromMS(due), fromMS(done), fromMS(c), fromMS(u)
	return &t, nil
}

// TaskByID returns a task or ENOTFOUND.
func (q *Q) TaskByID(ctx context.Context, id string) (*cortege.Task, error) {
	t, err := scanTask(q.stmt(ctx, "TaskByID").QueryRowContext(ctx, id))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.task.not_found")
	}
	return t, wrap("TaskByID", err)
}

func (q *Q) tasks(ctx context.Context, name string, args ...any) ([]*cortege.Task, error) {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cortege.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, wrap(name, err)
		}
		out = append(out, t)
	}
	return out, wrap(name, rows.Err())
}

// GroupTasks lists every task of a group, open ones first by due date.
func (q *Q) GroupTasks(ctx context.Context, groupID string) ([]*cortege.Task, error) {
	return q.tasks(ctx, "GroupTasks", groupID)
}

// OpenTasksForProfile lists a profile's open tasks across its groups,
// soonest due first.
func (q *Q) OpenTasksForProfile(ctx context.Context, profileID string, limit int) ([]*cortege.Task, error) {
	return q.tasks(ctx, "OpenTasksForProfile", profileID, limit)
}

// TasksOfProfile lists the tasks a profile created or is assigned (the
// data export).
func (q *Q) TasksOfProfile(ctx context.Context, profileID string) ([]*cortege.Task, error) {
	return q.tasks(ctx, "TasksOfProfile", profileID, profileID)
}

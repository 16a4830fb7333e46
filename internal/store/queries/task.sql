-- name: CreateTaskList
INSERT INTO task_lists (id, group_id, title, created_by, created_at) VALUES (?, ?, ?, ?, ?);

-- name: UpdateTaskList
UPDATE task_lists SET title = ? WHERE id = ?;

-- name: DeleteTaskList
DELETE FROM task_lists WHERE id = ?;

-- name: TaskListByID
SELECT id, group_id, title, COALESCE(created_by, ''), created_at FROM task_lists WHERE id = ?;

-- name: GroupTaskLists
SELECT id, group_id, title, COALESCE(created_by, ''), created_at FROM task_lists WHERE group_id = ? ORDER BY created_at, id;

-- name: CreateTask
INSERT INTO tasks (id, list_id, group_id, title, notes, assignee_id, due_at, done, done_at, created_by, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateTask
UPDATE tasks SET title = ?, notes = ?, assignee_id = ?, due_at = ?, done = ?, done_at = ?, updated_at = ? WHERE id = ?;

-- name: DeleteTask
DELETE FROM tasks WHERE id = ?;

-- name: TaskByID
SELECT id, list_id, group_id, title, notes, COALESCE(assignee_id, ''), due_at, done, done_at, COALESCE(created_by, ''), created_at, updated_at
FROM tasks WHERE id = ?;

-- name: GroupTasks
-- Open tasks first, then by due date (none last) and creation.
SELECT id, list_id, group_id, title, notes, COALESCE(assignee_id, ''), due_at, done, done_at, COALESCE(created_by, ''), created_at, updated_at
FROM tasks WHERE group_id = ?
ORDER BY done, CASE WHEN due_at = 0 THEN 1 ELSE 0 END, due_at, created_at, id;

-- name: OpenTasksForProfile
-- "My tasks" across groups: open tasks assigned to a profile in groups it
-- still belongs to.
SELECT t.id, t.list_id, t.group_id, t.title, t.notes, COALESCE(t.assignee_id, ''), t.due_at, t.done, t.done_at, COALESCE(t.created_by, ''), t.created_at, t.updated_at
FROM tasks t
JOIN memberships m ON m.group_id = t.group_id AND m.profile_id = t.assignee_id AND m.status = 'active' AND m.role <> 'follower'
WHERE t.assignee_id = ? AND t.done = FALSE
ORDER BY CASE WHEN t.due_at = 0 THEN 1 ELSE 0 END, t.due_at, t.created_at, t.id
LIMIT ?;

-- name: TasksOfProfile
-- Tasks a profile created or is assigned (the data export).
SELECT id, list_id, group_id, title, notes, COALESCE(assignee_id, ''), due_at, done, done_at, COALESCE(created_by, ''), created_at, updated_at
FROM tasks WHERE created_by = ? OR assignee_id = ? ORDER BY created_at, id;

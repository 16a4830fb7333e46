package cortege

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on tasks.
const (
	MaxTaskTitleLen = 200
	MaxTaskNotesLen = 5000
)

// TaskList groups a group's tasks: "who does what, by when".
type TaskList struct {
	ID        string
	GroupID   string
	Title     string
	CreatedBy string
	CreatedAt time.Time
}

// Validate checks and trims a task list.
func (l *TaskList) Validate() error {
	l.Title = strings.TrimSpace(l.Title)
	if l.Title == "" {
		return Invalid("title", "err.title.required")
	}
	if err := CheckChars("title", l.Title, false); err != nil {
		return err
	}
	if utf8.RuneCountInString(l.Title) > MaxTaskTitleLen {
		return Invalid("title", "err.title.invalid")
	}
	return nil
}

// Task is one thing to do, optionally assigned to a member and due by a date.
type Task struct {
	ID         string
	ListID     string
	GroupID    string
	Title      string
	Notes      string
	AssigneeID string // profile, "" when nobody
	DueAt      time.Time
	Done       bool
	DoneAt     time.Time
	CreatedBy  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Validate checks and trims a task.
func (t *Task) Validate() error {
	t.Title = strings.TrimSpace(t.Title)
	t.Notes = strings.TrimSpace(t.Notes)
	if t.Title == "" {
		return Invalid("title", "err.title.required")
	}
	if err := checkFields(textField{"title", t.Title, false}, textField{"notes", t.Notes, true}); err != nil {
		return err
	}
	if utf8.RuneCountInString(t.Title) > MaxTaskTitleLen {
		return Invalid("title", "err.title.invalid")
	}
	if utf8.RuneCountInString(t.Notes) > MaxTaskNotesLen {
		return Invalid("notes", "err.too_long")
	}
	if err := CheckTime("due_at", t.DueAt); err != nil {
		return err
	}
	return nil
}

// Overdue reports whether t is not done past its due date.
func (t *Task) Overdue(now time.Time) bool {
	return !t.Done && !t.DueAt.IsZero() && now.After(t.DueAt)
}

// CanChangeTask reports whether profile may edit or delete t: members edit
// tasks (taking, completing, reassigning), and deletion is for the creator
// or moderators (see CanDeleteTask).
func CanChangeTask(g *Group, role string) bool { return g.Can(role, ActEditTasks) }

// CanDeleteTask reports whether profile may delete t: its creator or a
// moderator.
func CanDeleteTask(g *Group, role, profileID string, t *Task) bool {
	return g.Can(role, ActModerate) || (t.CreatedBy == profileID && g.Can(role, ActEditTasks))
}

-- name: CreateDiscussion
INSERT INTO discussions (id, group_id, author_id, title, pinned, locked, hidden, message_count, created_at, last_message_at)
VALUES (?, ?, ?, ?, FALSE, FALSE, FALSE, 0, ?, ?);

-- name: UpdateDiscussion
UPDATE discussions SET title = ?, pinned = ?, locked = ?, hidden = ? WHERE id = ?;

-- name: DeleteDiscussion
DELETE FROM discussions WHERE id = ?;

-- name: DiscussionByID
SELECT id, group_id, COALESCE(author_id, ''), title, pinned, locked, hidden, message_count, created_at, last_message_at
FROM discussions WHERE id = ?;

-- name: GroupDiscussions
-- Pinned threads first, then the most recently active.
SELECT id, group_id, COALESCE(author_id, ''), title, pinned, locked, hidden, message_count, created_at, last_message_at
FROM discussions WHERE group_id = ? AND hidden = FALSE
ORDER BY pinned DESC, last_message_at DESC, id DESC
LIMIT ? OFFSET ?;

-- name: CountGroupDiscussions
SELECT COUNT(*) FROM discussions WHERE group_id = ? AND hidden = FALSE;

-- name: LatestDiscussionsForProfile
-- The most recently active threads in the groups a profile belongs to.
SELECT d.id, d.group_id, COALESCE(d.author_id, ''), d.title, d.pinned, d.locked, d.hidden, d.message_count, d.created_at, d.last_message_at
FROM discussions d
JOIN memberships m ON m.group_id = d.group_id AND m.profile_id = ? AND m.status = 'active' AND m.role <> 'follower'
JOIN groups g ON g.id = d.group_id AND g.hidden = FALSE
WHERE d.hidden = FALSE
ORDER BY d.last_message_at DESC, d.id DESC
LIMIT ?;

-- name: CreateMessage
INSERT INTO discussion_messages (id, discussion_id, group_id, author_id, body, created_at, edited_at, deleted_at, deleted_by)
VALUES (?, ?, ?, ?, ?, ?, 0, 0, NULL);

-- name: TouchDiscussion
UPDATE discussions SET message_count = message_count + 1, last_message_at = ? WHERE id = ?;

-- name: MessageByID
SELECT id, discussion_id, group_id, COALESCE(author_id, ''), body, created_at, edited_at, deleted_at, COALESCE(deleted_by, '')
FROM discussion_messages WHERE id = ?;

-- name: DiscussionMessages
SELECT id, discussion_id, group_id, COALESCE(author_id, ''), body, created_at, edited_at, deleted_at, COALESCE(deleted_by, '')
FROM discussion_messages WHERE discussion_id = ?
ORDER BY created_at, id
LIMIT ? OFFSET ?;

-- name: EditMessage
UPDATE discussion_messages SET body = ?, edited_at = ? WHERE id = ? AND deleted_at = 0;

-- name: DeleteMessage
-- A deleted message keeps its place without its body.
UPDATE discussion_messages SET body = '', deleted_at = ?, deleted_by = ? WHERE id = ? AND deleted_at = 0;

-- name: FollowDiscussion
INSERT INTO discussion_follows (discussion_id, profile_id) VALUES (?, ?)
ON CONFLICT (discussion_id, profile_id) DO NOTHING;

-- name: UnfollowDiscussion
DELETE FROM discussion_follows WHERE discussion_id = ? AND profile_id = ?;

-- name: FollowsDiscussion
SELECT COUNT(*) FROM discussion_follows WHERE discussion_id = ? AND profile_id = ?;

-- name: DiscussionFollowers
SELECT profile_id FROM discussion_follows WHERE discussion_id = ? ORDER BY profile_id;

-- name: DiscussionsByAuthor
-- Threads a profile started (the data export).
SELECT id, group_id, COALESCE(author_id, ''), title, pinned, locked, hidden, message_count, created_at, last_message_at
FROM discussions WHERE author_id = ? ORDER BY created_at, id;

-- name: MessagesByAuthor
-- Every message a profile wrote (the data export), deleted ones too.
SELECT id, discussion_id, group_id, COALESCE(author_id, ''), body, created_at, edited_at, deleted_at, COALESCE(deleted_by, '')
FROM discussion_messages WHERE author_id = ? ORDER BY created_at, id;

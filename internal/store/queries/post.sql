-- name: CreatePost
INSERT INTO posts (id, group_id, author_id, title, body, visibility, status, hidden, published_at, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?);

-- name: UpdatePost
UPDATE posts SET title = ?, body = ?, visibility = ?, status = ?, published_at = ?, updated_at = ? WHERE id = ?;

-- name: SetPostHidden
UPDATE posts SET hidden = ? WHERE id = ?;

-- name: DeletePost
DELETE FROM posts WHERE id = ?;

-- name: PostByID
SELECT id, group_id, COALESCE(author_id, ''), title, body, visibility, status, hidden, published_at, created_at, updated_at
FROM posts WHERE id = ?;

-- name: GroupPosts
-- A group's posts, newest first: published public ones, plus members-only
-- ones when the second argument is true, plus drafts when the third is.
SELECT id, group_id, COALESCE(author_id, ''), title, body, visibility, status, hidden, published_at, created_at, updated_at
FROM posts
WHERE group_id = ? AND hidden = FALSE
    AND (visibility = 'public' OR ?)
    AND (status = 'published' OR ?)
ORDER BY CASE WHEN status = 'draft' THEN 0 ELSE 1 END, published_at DESC, created_at DESC, id DESC
LIMIT ? OFFSET ?;

-- name: PostsByAuthor
-- Every post a profile wrote (the data export), drafts and hidden ones too.
SELECT id, group_id, COALESCE(author_id, ''), title, body, visibility, status, hidden, published_at, created_at, updated_at
FROM posts WHERE author_id = ? ORDER BY created_at, id;

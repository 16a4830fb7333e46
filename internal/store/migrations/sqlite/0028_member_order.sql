-- A group's members in the order they are shown — administrators, then
-- moderators, members, followers; each by the date they joined — read
-- from an index that stops at the page (issue 12). Before, a page of
-- members sorted every member of the group by name (14 ms for a group of
-- thousands, on every view of its page by a member). GroupMembers orders
-- by the same expression, which the planner matches to this index.
CREATE INDEX memberships_group_order ON memberships(group_id, status,
    (CASE role WHEN 'administrator' THEN 0 WHEN 'moderator' THEN 1 WHEN 'member' THEN 2 ELSE 3 END), created_at, profile_id);

-- name: WaitlistRank
-- A waitlisted participation's place in line (1 for the next promoted):
-- those ahead of it in the order promotions follow (WaitingList), plus
-- one; 0 when it is not waitlisted.
SELECT COUNT(*) FROM participations w, participations p
WHERE p.id = ? AND p.status = 'waitlisted' AND w.event_id = p.event_id AND w.status = 'waitlisted'
    AND (w.position < p.position OR (w.position = p.position AND w.id <= p.id));

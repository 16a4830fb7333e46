-- name: AddPetitionDayCounts
-- Moves one day of a petition's counter (service.countDays), in the
-- transaction that moves petition_counts.
INSERT INTO petition_day_counts (petition_id, day, added_online, added_paper, removed) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (petition_id, day) DO UPDATE SET
    added_online = petition_day_counts.added_online + excluded.added_online,
    added_paper = petition_day_counts.added_paper + excluded.added_paper,
    removed = petition_day_counts.removed + excluded.removed;

-- name: PetitionDayCounts
-- A petition's counter by day, oldest first (one row a day with a change).
SELECT day, added_online, added_paper, removed FROM petition_day_counts WHERE petition_id = ? ORDER BY day;

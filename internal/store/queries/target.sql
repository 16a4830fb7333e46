-- name: TargetByKey
SELECT id, key, name, kind, role, email, fediverse, form_url, area_level, area_name, created_at, updated_at
FROM targets WHERE key = ?;

-- name: TargetByID
SELECT id, key, name, kind, role, email, fediverse, form_url, area_level, area_name, created_at, updated_at
FROM targets WHERE id = ?;

-- name: CreateTarget
INSERT INTO targets (id, key, name, kind, role, email, fediverse, form_url, area_level, area_name, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateTarget
UPDATE targets SET name = ?, kind = ?, role = ?, email = ?, fediverse = ?, form_url = ?, area_level = ?,
    area_name = ?, updated_at = ?
WHERE id = ?;

-- name: DeleteTargetPlaces
DELETE FROM target_places WHERE target_id = ?;

-- name: AddTargetPlace
INSERT INTO target_places (place, code, target_id) VALUES (?, ?, ?)
ON CONFLICT (place, code, target_id) DO NOTHING;

-- name: TargetPlaces
SELECT place, code FROM target_places WHERE target_id = ? ORDER BY place, code;

-- name: TargetsAt
-- The targets answering for a commune (its INSEE code and, for an
-- arrondissement, its city's), its département, or the whole country;
-- each branch walks an index (target_places' key, targets_level). The
-- service orders them, most local first.
SELECT id, key, name, kind, role, email, fediverse, form_url, area_level, area_name, created_at, updated_at
FROM targets WHERE id IN (
    SELECT target_id FROM target_places WHERE place = 'commune' AND code IN (?, ?)
    UNION
    SELECT target_id FROM target_places WHERE place = 'departement' AND code = ?
) OR area_level = 'national'
ORDER BY name, id LIMIT ?;

-- name: CountTargets
SELECT COUNT(*) FROM targets;

-- name: AddInterpellation
-- One more interpellation of a target about a petition; returns the count.
INSERT INTO interpellation_counts (petition_id, target_id, count, updated_at) VALUES (?, ?, 1, ?)
ON CONFLICT (petition_id, target_id) DO UPDATE SET count = interpellation_counts.count + 1,
    updated_at = excluded.updated_at
RETURNING count;

-- name: InterpellationCounts
SELECT petition_id, target_id, count FROM interpellation_counts WHERE petition_id = ? AND count > 0
ORDER BY target_id;

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
-- arrondissement, its city's), its département, or the whole country,
-- the most local first; each branch walks an index (target_places' key,
-- targets_level), so the cost does not grow with the other places'
-- targets, and the limit cuts the widest first.
SELECT id, key, name, kind, role, email, fediverse, form_url, area_level, area_name, created_at, updated_at
FROM (
    SELECT t.id, t.key, t.name, t.kind, t.role, t.email, t.fediverse, t.form_url, t.area_level, t.area_name,
        t.created_at, t.updated_at
    FROM target_places p JOIN targets t ON t.id = p.target_id
    WHERE p.place = 'commune' AND p.code IN (?, ?)
    UNION
    SELECT t.id, t.key, t.name, t.kind, t.role, t.email, t.fediverse, t.form_url, t.area_level, t.area_name,
        t.created_at, t.updated_at
    FROM target_places p JOIN targets t ON t.id = p.target_id
    WHERE p.place = 'departement' AND p.code = ?
    UNION
    SELECT id, key, name, kind, role, email, fediverse, form_url, area_level, area_name, created_at, updated_at
    FROM targets WHERE area_level = 'national'
) u
ORDER BY CASE area_level WHEN 'commune' THEN 0 WHEN 'circonscription' THEN 1 WHEN 'departement' THEN 2 ELSE 3 END,
    name, id
LIMIT ?;

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

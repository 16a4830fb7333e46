-- name: EnsurePetitionLog
-- The empty log of a petition, made by its first append.
INSERT INTO petition_logs (petition_id, state, size, headed, updated_at) VALUES (?, ?, 0, 0, ?)
ON CONFLICT (petition_id) DO NOTHING;

-- name: PetitionLogForAppend
-- The state the next append starts from (locked on PostgreSQL until the
-- transaction ends: appends to one log take turns).
SELECT state FROM petition_logs WHERE petition_id = ?;

-- name: PetitionLogState
SELECT state, headed FROM petition_logs WHERE petition_id = ?;

-- name: SetPetitionLogState
UPDATE petition_logs SET state = ?, size = ?, updated_at = ? WHERE petition_id = ?;

-- name: AddPetitionLogEntry
INSERT INTO petition_log_entries (petition_id, n, kind, prev, commitment, revokes) VALUES (?, ?, ?, ?, ?, ?);

-- name: PetitionLogEntries
-- A page of entries in order of position, from position after+1, below size.
SELECT n, kind, prev, commitment, revokes FROM petition_log_entries
WHERE petition_id = ? AND n > ? AND n < ? ORDER BY n LIMIT ?;

-- name: SetSignatureLogPosition
UPDATE signatures SET log_n = ? WHERE id = ?;

-- name: SignatureLogPosition
SELECT log_n FROM signatures WHERE id = ?;

-- name: PetitionLogsToHead
-- Logs grown since their latest signed head.
SELECT petition_id, state FROM petition_logs WHERE size > headed ORDER BY petition_id LIMIT ?;

-- name: AddPetitionLogHead
INSERT INTO petition_log_heads (petition_id, size, signed_at, note) VALUES (?, ?, ?, ?)
ON CONFLICT (petition_id, size) DO NOTHING;

-- name: SetPetitionLogHeaded
UPDATE petition_logs SET headed = ? WHERE petition_id = ? AND headed < ?;

-- name: PetitionLogHeads
-- The signed heads of a log in order of size.
SELECT size, signed_at, note FROM petition_log_heads WHERE petition_id = ? ORDER BY size;

-- name: DeletePetitionLogHead
DELETE FROM petition_log_heads WHERE petition_id = ? AND size = ?;

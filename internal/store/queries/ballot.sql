-- name: AddSignOff
-- The sign-in sheet's line; a second one of the same voter is a unique
-- violation (ECONFLICT).
INSERT INTO vote_signoffs (consultation_id, voter_key, channel, day) VALUES (?, ?, ?, ?);

-- name: HasSignedOff
SELECT channel FROM vote_signoffs WHERE consultation_id = ? AND voter_key = ?;

-- name: CountSignOffs
SELECT COUNT(*) FROM vote_signoffs WHERE consultation_id = ?;

-- name: AllocateBallot
-- An empty row of the box: its random ID and random pick key.
INSERT INTO vote_ballots (consultation_id, id, pick) VALUES (?, ?, ?);

-- name: CountBallotRows
-- Rows allocated, and of them the free ones.
SELECT COUNT(*), COUNT(pick) FROM vote_ballots WHERE consultation_id = ?;

-- name: PickFreeBallot
-- The free row with the smallest pick at or above a random value.
SELECT id FROM vote_ballots WHERE consultation_id = ? AND pick IS NOT NULL AND pick >= ? ORDER BY pick LIMIT 1;

-- name: FirstFreeBallot
-- The wrap-around of PickFreeBallot.
SELECT id FROM vote_ballots WHERE consultation_id = ? AND pick IS NOT NULL ORDER BY pick LIMIT 1;

-- name: FillBallot
UPDATE vote_ballots SET pick = NULL, answers = ?, token = ?, signature = ?, slot = ?, code_hash = ?
WHERE consultation_id = ? AND id = ? AND pick IS NOT NULL;

-- name: EmptySlotBallot
-- A re-vote: the slot's earlier ballot becomes a free row again, under a
-- new random ID (the earlier receipt must never name another voter's
-- ballot).
UPDATE vote_ballots SET id = ?, pick = ?, answers = NULL, token = NULL, signature = NULL, slot = NULL
WHERE consultation_id = ? AND slot = ?;

-- name: SlotTaken
SELECT id FROM vote_ballots WHERE consultation_id = ? AND slot = ?;

-- name: CastBallots
-- A page of the cast ballots in ID order (random: nothing of arrival).
SELECT id, answers, COALESCE(token, ''), COALESCE(signature, ''), COALESCE(slot, ''), COALESCE(code_hash, '')
FROM vote_ballots WHERE consultation_id = ? AND pick IS NULL AND id > ? ORDER BY id LIMIT ?;

-- name: DeleteFreeBallots
-- At closing: the rows no one filled.
DELETE FROM vote_ballots WHERE consultation_id = ? AND pick IS NOT NULL;

-- name: AddVoteCode
INSERT INTO vote_codes (consultation_id, code_hash, batch, slip, state) VALUES (?, ?, ?, ?, 'issued');

-- name: UseVoteCode
UPDATE vote_codes SET state = 'used' WHERE consultation_id = ? AND code_hash = ? AND state = 'issued';

-- name: VoteCodeState
SELECT state FROM vote_codes WHERE consultation_id = ? AND code_hash = ?;

-- name: VoidVoteSlip
UPDATE vote_codes SET state = 'void' WHERE consultation_id = ? AND batch = ? AND slip = ? AND state = 'issued';

-- name: VoteSlipExists
SELECT COUNT(*) FROM vote_codes WHERE consultation_id = ? AND batch = ? AND slip = ?;

-- name: LastVoteBatch
SELECT COALESCE(MAX(batch), 0) FROM vote_codes WHERE consultation_id = ?;

-- name: CountVoteCodes
-- Issued (unused), used and void codes.
SELECT COALESCE(SUM(CASE WHEN state = 'issued' THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN state = 'used' THEN 1 ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN state = 'void' THEN 1 ELSE 0 END), 0)
FROM vote_codes WHERE consultation_id = ?;

-- name: BoardCodeHashes
-- The codes the board lists: issued or used, not void, ascending.
SELECT code_hash FROM vote_codes WHERE consultation_id = ? AND state <> 'void' ORDER BY code_hash;

-- name: SheetLines
-- The sheet in key order, for the closing rewrite.
SELECT voter_key, channel, day FROM vote_signoffs WHERE consultation_id = ? ORDER BY voter_key;

-- name: DeleteSheet
DELETE FROM vote_signoffs WHERE consultation_id = ?;

-- name: DeleteBox
DELETE FROM vote_ballots WHERE consultation_id = ?;

-- name: RestoreBallot
-- The closing rewrite: a filled row written again, in ID order.
INSERT INTO vote_ballots (consultation_id, id, pick, answers, token, signature, slot, code_hash)
VALUES (?, ?, NULL, ?, ?, ?, ?, ?);

-- name: VoteCodeRows
-- Every code of a vote in hash order, for the closing rewrite.
SELECT code_hash, batch, slip, state FROM vote_codes WHERE consultation_id = ? ORDER BY code_hash;

-- name: DeleteVoteCodes
DELETE FROM vote_codes WHERE consultation_id = ?;

-- name: RestoreVoteCode
INSERT INTO vote_codes (consultation_id, code_hash, batch, slip, state) VALUES (?, ?, ?, ?, ?);

-- name: TouchBallot
-- A filled row written again as it is (PostgreSQL: a new version, with
-- this transaction's xmin), the first at or after a random ID.
UPDATE vote_ballots SET pick = pick
WHERE consultation_id = ? AND id = (SELECT id FROM vote_ballots WHERE consultation_id = ? AND pick IS NULL AND id >= ? ORDER BY id LIMIT 1);

-- name: PetitionLogForAppend
SELECT state FROM petition_logs WHERE petition_id = ? FOR UPDATE;

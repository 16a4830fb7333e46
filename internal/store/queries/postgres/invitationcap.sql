-- name: LockAccount
-- PostgreSQL: the row lock, held to the end of the transaction, makes two
-- requests of one account count and add to its window one after the
-- other.
SELECT id FROM accounts WHERE id = ? FOR UPDATE;

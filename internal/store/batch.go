package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Group commit: on SQLite every write transaction goes through one
// committer goroutine that owns the single writer connection. While a
// batch commits (the fsync of synchronous=FULL), the requests that arrive
// wait in line; the committer then takes all of them (up to maxBatch) into
// one BEGIN IMMEDIATE transaction, runs each inside its own SAVEPOINT, and
// commits once. Each request's function runs in the request's own
// goroutine, handed the transaction in turn, so its panics, errors and
// context stay its own: a failing member is rolled back to its savepoint
// and sees its own error, its batch-mates commit. A member alone in its
// batch (no load, or one writer such as the generator) runs without a
// savepoint: its failure rolls the transaction back. Nobody is told of
// success before the COMMIT that holds their writes returned.
//
// A write statement run outside a transaction (Q.exec, Q.get) takes a
// transaction of its own through the same path (Q.alone). InTx must not
// be called again from inside fn (use q.InTx, which reuses fn's
// transaction): the inner call would wait for a batch that waits for fn,
// until the inner call's context ends.

// maxBatch caps the requests sharing one commit: a bigger batch holds
// every member's answer until the last one ran.
const maxBatch = 128

// errBatchLost answers the members already run in a batch whose
// transaction failed before its commit: none of their writes remain.
var errBatchLost = errors.New("store: the shared transaction failed; nothing was written")

// errClosed answers a transaction asked of a closed database.
var errClosed = errors.New("store: database closed")

// outcome is what a member reports to the committer once its turn is over.
type outcome int

const (
	released   outcome = iota // fn succeeded: its savepoint is released, it waits for the commit
	rolledBack                // fn failed or was cancelled: rolled back to its savepoint
	broken                    // the transaction itself is gone (a savepoint command failed)
)

// member is one InTx call waiting in a batch.
type member struct {
	turn chan turn    // committer → member: the transaction to run in
	done chan outcome // member → committer: its turn is over
	ack  chan error   // committer → member: the commit's result
}

type turn struct {
	tx *sql.Tx
	// alone: the member is the whole batch, so it runs without a
	// savepoint (its failure rolls the transaction back): a savepoint
	// keeps a copy of every page the member changes, and SQLite walks
	// that copy at the end of each of its statements, which made a large
	// transaction alone (the generator's) quadratic.
	alone bool
	err   error // the batch could not begin
}

// committer gathers the SQLite write transactions into shared commits.
type committer struct {
	db      *DB
	queue   chan *member
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
	// waiting counts the members not yet taken (tests wait on it).
	waiting atomic.Int64
	// savepoint, release and rollbackTo are prepared on the writer.
	savepoint, release, rollbackTo *sql.Stmt
}

// startCommitter prepares the savepoint statements and starts the
// committer goroutine.
func (db *DB) startCommitter(ctx context.Context) error {
	g := &committer{db: db, queue: make(chan *member), stop: make(chan struct{}), stopped: make(chan struct{})}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{{&g.savepoint, "SAVEPOINT member"}, {&g.release, "RELEASE member"}, {&g.rollbackTo, "ROLLBACK TO member"}} {
		s, err := db.w.PrepareContext(ctx, p.sql)
		if err != nil {
			return fmt.Errorf("prepare %s: %w", p.sql, err)
		}
		*p.dst = s
	}
	db.group = g
	go g.loop()
	return nil
}

// close stops the committer once the batch in hand is answered; InTx
// calls not yet taken get errClosed.
func (g *committer) close() {
	g.once.Do(func() {
		close(g.stop)
		<-g.stopped
		for _, s := range []*sql.Stmt{g.savepoint, g.release, g.rollbackTo} {
			s.Close()
		}
	})
}

// loop takes whoever waits, up to maxBatch, and commits them together.
// The queue is unbuffered: a member sent is in the committer's hands, and
// the only wait between batches is the previous commit.
func (g *committer) loop() {
	defer close(g.stopped)
	var next []*member
	for {
		batch := next
		if len(batch) == 0 {
			select {
			case m := <-g.queue:
				batch = append(batch, m)
			case <-g.stop:
				return
			}
		}
	gather:
		for len(batch) < maxBatch {
			select {
			case m := <-g.queue:
				batch = append(batch, m)
			default:
				break gather
			}
		}
		next = g.commit(batch)
	}
}

// commit runs the members in turn in one transaction and commits it. It
// returns the members it could not run (the transaction broke before
// their turn), for the next batch.
func (g *committer) commit(batch []*member) []*member {
	db := g.db
	tx, err := db.w.BeginTx(context.Background(), nil)
	if err != nil {
		for _, m := range batch {
			m.turn <- turn{err: fmt.Errorf("begin: %w", err)}
		}
		return nil
	}
	var ok []*member
	for i, m := range batch {
		m.turn <- turn{tx: tx, alone: len(batch) == 1}
		switch <-m.done {
		case released:
			ok = append(ok, m)
		case broken:
			tx.Rollback()
			for _, o := range ok {
				o.ack <- errBatchLost
			}
			return batch[i+1:]
		}
	}
	if len(ok) == 0 {
		tx.Rollback() // every member rolled back: nothing to make durable
		return nil
	}
	if db.lateCommit > 0 { // the harness's negative control: acknowledged, not yet durable
		for _, o := range ok {
			o.ack <- nil
		}
		time.Sleep(db.lateCommit)
		tx.Commit()
		return nil
	}
	err = tx.Commit()
	if err != nil {
		err = fmt.Errorf("commit: %w", err)
		// A COMMIT that failed (disk full, I/O error) may leave SQLite's
		// transaction open on the writer, and every later BEGIN would
		// fail: end it (an error here means it is already over).
		db.w.ExecContext(context.Background(), "ROLLBACK")
	} else {
		db.commits.Add(1)
		db.committedTx.Add(uint64(len(ok)))
		if len(ok) > 1 {
			db.sharedTx.Add(uint64(len(ok)))
		}
	}
	for _, o := range ok {
		o.ack <- err
	}
	return nil
}

// inBatch is InTx on SQLite with group commit: it queues fn, runs it in
// its turn inside a savepoint of the shared transaction, and returns once
// the batch committed (or with fn's own error, at once).
func (db *DB) inBatch(ctx context.Context, fn func(q *Q) error) (err error) {
	g := db.group
	if db.lateCommit > 0 {
		ctx = context.WithoutCancel(ctx) // see InTx
	}
	m := &member{turn: make(chan turn, 1), done: make(chan outcome, 1), ack: make(chan error, 1)}
	g.waiting.Add(1)
	select {
	case g.queue <- m:
		g.waiting.Add(-1)
	case <-ctx.Done():
		g.waiting.Add(-1)
		return ctx.Err()
	case <-g.stop:
		g.waiting.Add(-1)
		return errClosed
	}
	t := <-m.turn
	if t.err != nil {
		return t.err
	}
	tx := t.tx
	if err := ctx.Err(); err != nil {
		m.done <- rolledBack // cancelled while waiting: never ran
		return err
	}
	bg := context.Background()
	if !t.alone {
		if _, err := tx.StmtContext(bg, g.savepoint).ExecContext(bg); err != nil {
			m.done <- broken
			return fmt.Errorf("savepoint: %w", err)
		}
	}
	finished := false
	defer func() {
		if finished {
			return
		}
		// fn failed, was cancelled, panicked or called runtime.Goexit:
		// undo its writes alone; its panic goes on up its own goroutine.
		// Alone in its batch, the committer rolls the transaction back.
		if t.alone {
			m.done <- rolledBack
			return
		}
		if _, e := tx.StmtContext(bg, g.rollbackTo).ExecContext(bg); e != nil {
			m.done <- broken
			return
		}
		if _, e := tx.StmtContext(bg, g.release).ExecContext(bg); e != nil {
			m.done <- broken
			return
		}
		m.done <- rolledBack
	}()
	wrote := tables{}
	if err = fn(&Q{db: db, tx: tx, wrote: wrote, batched: true}); err == nil {
		err = ctx.Err() // cancelled after its last statement: nothing of it commits
	}
	if err != nil {
		return err
	}
	finished = true
	if !t.alone {
		if _, err := tx.StmtContext(bg, g.release).ExecContext(bg); err != nil {
			m.done <- broken
			return fmt.Errorf("release savepoint: %w", err)
		}
	}
	m.done <- released
	if err := <-m.ack; err != nil {
		return err
	}
	db.committed(wrote)
	return nil
}

// Commits returns how many durable commits InTx made since Open and how
// many transactions they held: with group commit on SQLite several
// transactions share one commit (tests and metrics read both).
func (db *DB) Commits() (commits, transactions uint64) {
	return db.commits.Load(), db.committedTx.Load()
}

// SharedCommits returns how many committed transactions shared their
// commit with at least one other (group commit).
func (db *DB) SharedCommits() uint64 { return db.sharedTx.Load() }

// GroupCommit reports whether write transactions share commits.
func (db *DB) GroupCommit() bool { return db.group != nil }

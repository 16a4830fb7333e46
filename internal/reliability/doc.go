// Package reliability holds Cortège's reliability battery: tests that
// run the real binary and break it on purpose. The kill -9 harness
// (killnine_test.go) builds cortege, serves a SQLite data folder with
// mail to an in-process SMTP server, drives a realistic write load over
// HTTP, kills the process at random moments, restarts it and checks that
// every acknowledged write is there once, the database is sound, the
// server answers within 5 s and no mail went twice but for one in flight
// at a kill; its negative control (a test build that acknowledges before
// committing) must be caught. `make reliability` runs it at length; the
// normal suite runs it with short settings. See docs/reliability.md.
package reliability

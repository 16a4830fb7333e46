# Everyday commands. The scripts in scripts/ do the work, so CI (.ci/run)
# and developers run exactly the same thing.
GO ?= go
FUZZTIME ?= 2000x

.PHONY: run test build fuzz lint reliability crawl

## run: start Cortège on http://127.0.0.1:8080 with data in ./cortege-data
run:
	$(GO) run ./cmd/cortege serve

## test: the whole suite on SQLite, then on PostgreSQL (see scripts/test.sh)
test:
	bash scripts/test.sh

## build: a static binary ./cortege
build:
	CGO_ENABLED=0 $(GO) build -trimpath -o cortege ./cmd/cortege

## fuzz: every Fuzz target for FUZZTIME inputs each, a count (make fuzz FUZZTIME=50000x FUZZ_MATCH=Email)
fuzz:
	bash scripts/fuzz.sh $(FUZZTIME)

## reliability: the kill -9 harness at length, 200 cycles (make reliability CYCLES=500), and its negative control
CYCLES ?= 200
reliability:
	bash scripts/reliability.sh $(CYCLES)

## crawl: the header and authorisation crawler alone, with its figures
## (every route × six roles; also part of `make test`)
crawl:
	$(GO) test -count=1 -run '^TestAuthorisationCrawl' -v ./e2e

## lint: gofmt and go vet
lint:
	bash scripts/lint.sh

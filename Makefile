# The two commands that matter: `make run` and `make test`. `make help` lists all.
SHELL := /bin/bash
.DEFAULT_GOAL := help

BIN        := bin/portal
AXE_VERSION := 4.14.1
AXE_JS     := $(CURDIR)/.cache/npm/node_modules/axe-core/axe.min.js
CHROMIUM   ?= /usr/bin/chromium
FUZZTIME   ?= 5s
# Every fuzz target as package:Name; each runs for FUZZTIME in `make test`.
FUZZ_TARGETS := $(shell for f in $$(grep -rlE --include='*_test.go' '^func Fuzz' internal web cmd); do \
	  for n in $$(grep -hoE '^func Fuzz[A-Za-z0-9_]+' $$f | cut -c6-); do echo "./$$(dirname $$f):$$n"; done; done)

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: run
run: build ## build, create and migrate the database, load the strategy cards and demo content if empty, serve on :8080
	./$(BIN) migrate up
	./$(BIN) import-strategy --seed --if-empty
	./$(BIN) demo --if-empty
	@echo "Admin area (/admin): create the first account with"
	@echo "    bin/portal user add --email you@example.org --role administrator   (type a password, or press Enter to generate one)"
	./$(BIN) serve

.PHONY: build
build: generate ## build bin/portal
	go build -trimpath -o $(BIN) ./cmd/portal

.PHONY: generate
generate: ## regenerate the templ components (*_templ.go)
	go tool templ generate -log-level error

.PHONY: test
# The fuzz runs go beside the tests, at the lowest priority: they take the
# processor time the tests leave while they wait on PostgreSQL and Chromium
# (a third of it), and each still runs for FUZZTIME.
test: test-deps check-generated vet ## the whole suite: generated-code check, vet, tests on real PostgreSQL and Chromium, short fuzz runs
	@mkdir -p .cache; set -o pipefail; \
	nice -n 19 $(MAKE) --no-print-directory fuzz >.cache/fuzz.log 2>&1 & fuzz=$$!; \
	CHROMIUM=$(CHROMIUM) AXE_JS=$(AXE_JS) go test -count=1 -timeout=30m -v ./... 2>&1 | tee .cache/test.log | \
	  grep -E '^(ok|FAIL|--- FAIL|panic:|\?)' ; status=$$?; \
	wait $$fuzz || status=1; cat .cache/fuzz.log; \
	passed=$$(grep -c '^--- PASS' .cache/test.log); failed=$$(grep -c '^--- FAIL' .cache/test.log); \
	[ $$status = 0 ] || [ $$failed -gt 0 ] || failed=1; \
	[ $$failed = 0 ] || { echo "--- what failed (whole log: .cache/test.log):"; awk '/^=== (RUN|CONT|PAUSE)/ {buf=""; next} {buf=buf $$0 "\n"} /^ *--- FAIL/ {printf "%s", buf; buf=""}' .cache/test.log | head -300; }; \
	echo "tests: $$passed passed, $$failed failed"; exit $$status

.PHONY: bench
bench: ## benchmark the search on 100 000 generated organisations (BENCH_ORGS to change)
	go test -run='^$$' -bench=BenchmarkSearch -benchtime=50x ./internal/store

# make loadtest: how many organisations to generate, how long each wrk run lasts, how many
# rounds of the page runs, and HOLD=folder to keep the portal serving for profiling instead.
ORGS     ?= 100000
DURATION ?= 15s
HOLD     ?=
ROUNDS   ?= 1

.PHONY: loadtest
loadtest: build ## load test of the public pages with wrk against a reference handler (ORGS=100000, DURATION=15s; installs wrk from Debian)
	@if ! command -v wrk >/dev/null; then \
	  echo "Installing wrk from Debian for the load test…"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; \
	fi
	go build -trimpath -o bin/loadtest ./cmd/loadtest
	ORGS=$(ORGS) DURATION=$(DURATION) HOLD=$(HOLD) ROUNDS=$(ROUNDS) ./bin/loadtest

.PHONY: vet
vet: ## go vet
	go vet ./...

.PHONY: check-generated
check-generated: ## fail when a *_templ.go file is stale
	@tmp=$$(mktemp -d) && trap 'rm -rf $$tmp' EXIT && \
	  cp -r go.mod go.sum web $$tmp/ && \
	  (cd $$tmp && go tool templ generate -log-level error) && \
	  if ! diff -r -q -x '*.templ' web $$tmp/web >/dev/null; then \
	    diff -r -x '*.templ' web $$tmp/web | head -20; \
	    echo "Generated templ code is stale: run 'make generate' and commit the *_templ.go files."; exit 1; \
	  fi

.PHONY: fuzz
fuzz: ## run every fuzz target for FUZZTIME (default 5s)
	@set -e; log=$$(mktemp); trap 'rm -f $$log' EXIT; \
	for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; name=$${t##*:}; \
	  echo "fuzz $$pkg $$name ($(FUZZTIME))"; \
	  for try in 1 2; do \
	    if go test -run='^$$' -fuzz="^$$name\$$" -fuzztime=$(FUZZTIME) $$pkg >$$log 2>&1; then break; fi; \
	    if [ $$try = 1 ] && grep -q 'context deadline exceeded' $$log && ! grep -q 'Failing input' $$log; then \
	      echo "  the fuzzer stopped at its deadline without a failing input (a known flake of go test -fuzz under load); once more"; \
	      continue; \
	    fi; \
	    grep -v '^fuzz: elapsed' $$log; exit 1; \
	  done; \
	done

.PHONY: test-deps
test-deps: $(AXE_JS) ## install what the tests need: Debian's Chromium, poppler-utils (PDF checks) and postgresql-client (the restore drill), axe-core from npm
	@if [ ! -x "$(CHROMIUM)" ] || ! command -v pdftotext >/dev/null; then \
	  echo "Installing Chromium and poppler-utils from Debian for the browser and PDF tests…"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium poppler-utils >/dev/null; \
	fi
	@if ! command -v pg_dump >/dev/null && ! ls /usr/lib/postgresql/*/bin/pg_dump >/dev/null 2>&1; then \
	  echo "Installing postgresql-client from Debian for the backup and restore drill…"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql-client >/dev/null; \
	fi

$(AXE_JS):
	npm install --silent --no-audit --no-fund --prefix .cache/npm axe-core@$(AXE_VERSION)

.PHONY: clean
clean: ## remove build output and the tool cache
	rm -rf bin .cache

# Minping: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test setup build dev lint unit pg e2e fmt clippy bench crash fuzz schemathesis deb dist deb-arm64

## make run: install what is missing, build (release), migrate data/minping.db, serve :3000
run: setup build
	@scripts/run.sh

## make test: install what is missing, then every test (unit, SQLite, PostgreSQL, Playwright)
test: setup
	@scripts/test.sh

## make setup: idempotent install of the toolchain pieces (see scripts/setup.sh)
setup:
	@scripts/setup.sh

## make build: release build of the WebAssembly front end into target/site (precompressed),
## then of the server, which carries that site inside it
build: setup
	@scripts/build.sh

## make deb: the Debian package target/debian/minping_VERSION_ARCH.deb (cargo-deb);
## MINPING_GLIBC=2.28 make deb: the same, runnable on glibc 2.28 (scripts/deb.sh)
deb: build
	@ls -l "$$(scripts/deb.sh)"

## make deb-arm64: the same package for aarch64 servers, cross-built, checked under qemu,
## runnable on glibc 2.28 (scripts/cross-arm64.sh; README, "Install on a server")
deb-arm64: build
	MINPING_GLIBC=2.28 scripts/cross-arm64.sh

## make dist: target/dist/minping-VERSION-ARCH.tar.gz, the same files and an install script
dist: build
	scripts/dist.sh

## make dev: rebuild and reload on every change (cargo leptos watch) on :3000
dev: setup
	LEPTOS_ENV=DEV cargo leptos watch

## narrower test runs while working
lint:
	@scripts/test.sh lint
unit:
	cargo test --workspace
pg:
	@scripts/test.sh pg
e2e: build
	@scripts/test.sh e2e
crash: build
	scripts/crash-test.sh 10
## make fuzz: every cargo-fuzz target for 60 s (FUZZ_SECS=…), new inputs kept in fuzz/corpus
fuzz: setup
	scripts/fuzz.sh $${FUZZ_SECS:-60} grow
## make schemathesis: the JSON API against its OpenAPI document (ST_EXAMPLES=… per operation, default 300)
schemathesis: build
	scripts/schemathesis.sh $${ST_EXAMPLES:-300}

fmt:
	cargo fmt --all
clippy:
	cargo clippy --workspace --all-targets -- -D warnings

## make bench: every benchmark of docs/BENCHMARKS.md (not part of make test; about 25 minutes)
bench: build
	scripts/bench-ballots.sh 60
	scripts/bench-results.sh 1000000 3
	BENCH_DB=pg scripts/bench-results.sh 1000000 3
	scripts/bench-ballot-page.sh 5
	KEEP_SHEET=/tmp/minping-sheet.html scripts/bench-codes.sh 3
	node scripts/bench-sheet-render.js /tmp/minping-sheet.html
	scripts/bench-seal.sh 1000000
	BENCH_DB=pg scripts/bench-seal.sh 1000000
	scripts/bench-campaign.sh 2
	scripts/bench-hall.sh 15
	cargo bench -p minping-domain --bench domain

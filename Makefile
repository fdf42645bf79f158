# govhall - the two commands of the README, over CMake and CTest.
#   make run    install what is missing, build, create the demo centre, serve
#   make test   install what is missing, build, run every test (also under
#               AddressSanitizer + UndefinedBehaviorSanitizer)

BUILD    ?= build
ASAN     ?= build-asan
DB       ?= var/govhall.db
LISTEN   ?= 127.0.0.1:8080
JOBS     ?= $(shell nproc)
# The binary carries the web UI built into it; for UI development serve a
# directory instead: make run STATIC=web/dist (after npm run build).
STATIC   ?=

.PHONY: all deps deps-e2e web build run test test-release test-asan bench bench-engines clean

# The web UI: npm ci when node_modules is missing or the lock file changed,
# then vite build into web/dist (embedded in the govhall binary by cmake).
WEB_SRC := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
	web/vite.config.js web/package.json web/scripts/compress.mjs

all: build

deps:
	@scripts/deps.sh

deps-e2e:
	@GH_E2E=1 scripts/deps.sh

web: deps web/dist/index.html

web/node_modules/.govhall-stamp: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.govhall-stamp $(WEB_SRC)
	cd web && npm run build

build: deps web
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p var
	@if [ ! -f $(DB) ]; then $(BUILD)/govhall demo $(DB); fi
	$(BUILD)/govhall serve --db $(DB) --listen $(LISTEN) \
		$(if $(STATIC),--static $(STATIC))

test: test-release test-asan

# The OpenAPI validator (@redocly/cli, pinned by its lock file).
tests/openapi/node_modules/.govhall-stamp: tests/openapi/package-lock.json
	cd tests/openapi && npm ci --no-audit --no-fund
	@touch $@

test-release: deps-e2e build tests/openapi/node_modules/.govhall-stamp
	python3 scripts/check_sql_formats.py
	scripts/check_banned.sh
	scripts/check_layers.sh
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
		-DGH_SANITIZE=ON >/dev/null
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS) -LE e2e

bench: build
	GH_BENCH=1 scripts/deps.sh
	bench/run.sh

# The same workloads on SQLite and on a throwaway PostgreSQL 15 (issue 9).
bench-engines: build
	GH_BENCH=1 scripts/deps.sh
	bench/engines.sh

clean:
	rm -rf $(BUILD) $(ASAN)

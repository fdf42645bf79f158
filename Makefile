# govhall - the two commands of the README, over CMake and CTest.
#   make run    install what is missing, build, create the demo centre, serve
#   make test   install what is missing, build, run every test (also under
#               AddressSanitizer + UndefinedBehaviorSanitizer)

BUILD    ?= build
ASAN     ?= build-asan
DB       ?= var/govhall.db
LISTEN   ?= 127.0.0.1:8080
JOBS     ?= $(shell nproc)

.PHONY: all deps build run test test-release test-asan bench clean

all: build

deps:
	@scripts/deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p var
	@if [ ! -f $(DB) ]; then $(BUILD)/govhall demo $(DB); fi
	$(BUILD)/govhall serve --db $(DB) --listen $(LISTEN) \
		$(if $(wildcard web/dist/index.html),--static web/dist)

test: test-release test-asan

test-release: build
	python3 scripts/check_sql_formats.py
	scripts/check_banned.sh
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang \
		-DGH_SANITIZE=ON >/dev/null
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

bench: build
	GH_BENCH=1 scripts/deps.sh
	bench/run.sh

clean:
	rm -rf $(BUILD) $(ASAN)

# bench/lib.sh - what bench/run.sh and bench/board.sh share.  Sourced, not
# run: the caller sets ROOT, OUT, GOVHALL and BENCH_NAME first.
#
# Provides say/fail (messages on stderr prefixed with BENCH_NAME), the
# compiler flags of the C tools, ensure_govhall, build_tool, a run
# directory under $OUT (RUN) removed on exit unless BENCH_KEEP=1 (the caller
# lists the PIDs to stop in BENCH_PIDS_VARS), free_port, and small readers
# of /proc and of key=value lines.

CFLAGS="-std=c17 -O2 -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wvla -Werror"

say() { printf '%s: %s\n' "$BENCH_NAME" "$*" >&2; }
fail() { say "error: $*"; exit 1; }

# Builds govhall (RelWithDebInfo) when $GOVHALL is missing.
ensure_govhall() {
	mkdir -p "$OUT"
	if [ ! -x "$GOVHALL" ]; then
		say "building govhall"
		cmake -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
		cmake --build "$ROOT/build" -j "$(nproc)" >/dev/null
	fi
}

# bench/NAME.c into $OUT/NAME, rebuilt only when the source is newer.
build_tool() { # name libs...
	local name=$1
	shift
	if [ ! -x "$OUT/$name" ] || [ "$ROOT/bench/$name.c" -nt "$OUT/$name" ]; then
		# shellcheck disable=SC2086
		cc $CFLAGS -o "$OUT/$name" "$ROOT/bench/$name.c" "$@"
	fi
}

# A temporary directory RUN under $OUT; on exit the processes whose PIDs
# are in the variables named by BENCH_PIDS_VARS are stopped and RUN removed
# (kept with BENCH_KEEP=1).
make_run_dir() { # prefix
	RUN=$(mktemp -d "$OUT/$1.XXXXXX")
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
}
bench_cleanup() {
	local v pid
	for v in $BENCH_PIDS_VARS; do
		pid=${!v}
		[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		say "kept $RUN"
	else
		rm -rf "$RUN"
	fi
}

# A loopback port nobody listens on.
free_port() {
	local p
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 20000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	fail "no free port"
}

# kB field of /proc/PID/status
proc_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
kv() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

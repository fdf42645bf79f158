#!/usr/bin/env bash
# bench/board.sh - the supervision board at scale (issue 4): 1 M open cases
# among 10 M.
#
#   1. builds (once, cached under bench/out/) a database: `govhall demo`
#      plus synthetic cases from bench/board_build.c and board_build.sql
#      (46 departments, their windows and ~130 staff, deadlines over today
#      -90 .. +90 days), watch_counts rebuilt with the backfill of schema
#      0002 and checked against the cases, plus one covering partial index
#      for the baseline (bench_open_cases);
#   2. starts govhall serve on it (--today 2026-11-23, --sweep-interval 0),
#      logs in as supervisor and times GET /api/v1/supervision/board
#      ?group=department over one keep-alive connection (bench/board_bench.c
#      http: warm-up, then BOARD_REQUESTS sequential requests), and the
#      clerk board (the largest group) for reference, in two phases:
#        A  watch_counts as built: the backfill leaves no row at n = 0;
#        B  plus the rows at n = 0 that the triggers before schema 0004 would
#           have left (0004 deletes a row when it reaches zero) after
#           the 9 M finished cases (they decrement, never delete), kept in
#           bench_watch_history at build time, inserted for this phase and
#           deleted after it;
#      and times govhall's read of watch_counts in process in both phases
#      (store_watch_rows's statement before and after its dim IN change);
#   3. times the baseline in the same run: the same counts of open cases
#      by light and department computed by an indexed COUNT over the cases
#      (board_bench.c count, sqlite3 C API, warm 512 MiB page cache), with
#      the covering index and with govhall's own partial index cases_watch,
#      and checks that the board and the count agree department by
#      department (and that phase B answers the same as A);
#   4. prints the latencies, the ratio baseline / board, govhall's peak
#      resident memory (VmHWM), the database size and row counts, and
#      whether the targets are met (< 10 ms, >= 5x, < 256 MiB).
#
# The cached database is bench/out/board-<key>.db, the key a hash of
# src/store/schema/*.sql, src/demo/*, the build sources and the sizes; a
# new key removes the old file first (one cache at a time, ~3 GB).  govhall
# serves the cached file itself: logging in adds a session and an audit
# row, phase B adds and removes rows at n = 0, and the run checks that the
# cases and watch_counts end as they began.  Takes about 4 minutes on the
# first run (the build) and 1.5 minutes after.
#
# Environment:
#   GOVHALL=path            binary (default build/govhall, built if missing)
#   BOARD_TOTAL=10000000    cases in all
#   BOARD_OPEN=1000000      open (accepted, not finished) cases
#   BOARD_REQUESTS=500      measured board requests (after BOARD_WARMUP=20)
#   BOARD_COUNTS=10         measured baseline runs (covering index; after 2
#                           warm-up runs); cases_watch runs BOARD_COUNTS/5+1
#   BENCH_THREADS=4         govhall serve --threads
#   BENCH_KEEP=1            keep the run directory (logs, answers)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/out"
GOVHALL=${GOVHALL:-$ROOT/build/govhall}
TOTAL=${BOARD_TOTAL:-10000000}
OPEN=${BOARD_OPEN:-1000000}
REQUESTS=${BOARD_REQUESTS:-500}
WARMUP=${BOARD_WARMUP:-20}
COUNTS=${BOARD_COUNTS:-10}
THREADS=${BENCH_THREADS:-4}
TODAY=2026-11-23
TODAY_DAY=$(($(date -u -d "$TODAY" +%s) / 86400))
T_START=$(date +%s)

BENCH_NAME=board
BENCH_PIDS_VARS="GH_PID"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

for tool in cc curl sqlite3; do
	command -v "$tool" >/dev/null || fail "$tool is missing"
done

# ---- tools -----------------------------------------------------------------------
ensure_govhall
build_tool board_build -lsqlite3
build_tool board_bench -lsqlite3 -ljansson

# ---- 1. the database (cached) ---------------------------------------------------------
KEY=$( (cd "$ROOT" && cat src/store/schema/*.sql src/demo/* bench/board_build.c \
	bench/board_build.sql && echo "$TODAY $TOTAL $OPEN") | sha256sum | cut -c1-16)
DB="$OUT/board-$KEY.db"
if [ ! -f "$DB" ]; then
	for old in "$OUT"/board-*.db; do
		[ -e "$old" ] && say "removing the old cache $(basename "$old")" &&
			rm -f "$old" "$old-wal" "$old-shm" "$old.keys" \
				"$old.checkpoints"
	done
	say "building $(basename "$DB"): $TOTAL cases, $OPEN open (a few minutes, once)"
	BUILD_T0=$(date +%s)
	TMP="$OUT/board-build.$$.db"
	rm -f "$TMP" "$TMP-wal" "$TMP-shm"
	"$GOVHALL" demo "$TMP" --today "$TODAY" >"$OUT/board-build.log" 2>&1 ||
		fail "govhall demo failed: $(tail -3 "$OUT/board-build.log")"
	"$OUT/board_build" "$TMP" "$TODAY_DAY" "$TOTAL" "$OPEN" \
		"$ROOT/bench/board_build.sql" "$ROOT/src/store/schema/0002_supervision.sqlite.sql" ||
		{ rm -f "$TMP" "$TMP-wal" "$TMP-shm"; fail "board_build failed"; }
	# The baseline's best index: every open case in department order with
	# the columns the count reads, so it never touches the table.
	sqlite3 "$TMP" "CREATE INDEX bench_open_cases ON cases(dept_id, state,
		warn_days, region_id, deadline_day) WHERE accepted_day IS NOT NULL AND
		finished_day IS NULL; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	mv "$TMP" "$DB"
	# the audit's key and checkpoints live beside the database (issue 8)
	for f in keys checkpoints; do
		[ -e "$TMP.$f" ] && mv "$TMP.$f" "$DB.$f"
	done
	rm -f "$TMP-wal" "$TMP-shm"
	say "built in $(($(date +%s) - BUILD_T0)) s"
	BUILT="built in $(($(date +%s) - BUILD_T0)) s"
else
	BUILT="cached"
fi

# ---- processes and clean-up ---------------------------------------------------------
GH_PID=""
make_run_dir board-run
fingerprint() { # what the run must not change
	sqlite3 "$DB" "SELECT (SELECT count(*) FROM cases) || ' ' ||
		(SELECT count(*) FROM cases WHERE accepted_day IS NOT NULL AND finished_day IS NULL)
		|| ' ' || (SELECT count(*) FROM watch_counts) || ' ' ||
		(SELECT total(n * (dim + 1) * deadline_day) FROM watch_counts)"
}

say "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# A run stopped between phases A and B leaves the history rows in.
sqlite3 "$DB" ".timeout 5000" "DELETE FROM watch_counts WHERE n = 0" >/dev/null
DB_BYTES=$(stat -c %s "$DB")
read -r N_CASES N_OPEN N_WATCH _ <<<"$(fingerprint)"
FP_BEFORE=$(fingerprint)
N_HIST=$(sqlite3 "$DB" "SELECT count(*) FROM bench_watch_history")

# ---- 2. govhall and the board ---------------------------------------------------------
GH_PORT=$(free_port)
"$GOVHALL" serve --db "$DB" --listen "127.0.0.1:$GH_PORT" --today "$TODAY" \
	--threads "$THREADS" --sweep-interval 0 --max-conns-per-ip 0 >"$RUN/govhall.log" 2>&1 &
GH_PID=$!
for _ in $(seq 300); do
	grep -q "listening on" "$RUN/govhall.log" && break
	kill -0 "$GH_PID" 2>/dev/null || fail "govhall exited: $(tail -3 "$RUN/govhall.log")"
	sleep 0.1
done
grep -q "listening on" "$RUN/govhall.log" || fail "govhall did not start"
RSS_IDLE=$(proc_kb "$GH_PID" VmRSS)

TOKEN=$(curl -sf -X POST -H 'Content-Type: application/json' \
	-d '{"username":"supervisor","password":"govhall-demo"}' \
	"http://127.0.0.1:$GH_PORT/api/v1/session" |
	sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p') || true
[ -n "$TOKEN" ] || fail "supervisor login failed"
RSS_LOGIN=$(proc_kb "$GH_PID" VmHWM)

# One phase: the department and clerk boards over HTTP, then govhall's
# watch_counts read in process.  Sets DEPT_<p>, CLERK_<p>, WD_<p>, WC_<p>.
board_phase() { # phase
	local p=$1 v
	say "[$p] board, group=department: $WARMUP warm-up + $REQUESTS requests"
	v=$("$OUT/board_bench" http --port "$GH_PORT" --token "$TOKEN" \
		--path "/api/v1/supervision/board?group=department" --requests "$REQUESTS" \
		--warmup "$WARMUP" --out "$RUN/board-$p.json") || fail "board requests failed"
	printf -v "DEPT_$p" '%s' "$v"
	say "[$p] board, group=clerk: $((WARMUP / 2)) warm-up + $((REQUESTS / 5)) requests"
	v=$("$OUT/board_bench" http --port "$GH_PORT" --token "$TOKEN" \
		--path "/api/v1/supervision/board?group=clerk" --requests "$((REQUESTS / 5))" \
		--warmup "$((WARMUP / 2))") || fail "clerk board requests failed"
	printf -v "CLERK_$p" '%s' "$v"
	say "[$p] watch_counts read in process (department and clerk masks)"
	v=$("$OUT/board_bench" watch --db "$DB" --mask 3 --requests 50 --warmup 5) ||
		fail "watch_counts read failed"
	printf -v "WD_$p" '%s' "$v"
	v=$("$OUT/board_bench" watch --db "$DB" --mask 9 --requests 20 --warmup 2) ||
		fail "watch_counts read failed"
	printf -v "WC_$p" '%s' "$v"
}

# A: watch_counts as the backfill (and a purge of n = 0 rows) leaves it.
board_phase A
say "[A] red list: 20 requests"
REDLIST=$("$OUT/board_bench" http --port "$GH_PORT" --token "$TOKEN" \
	--path "/api/v1/supervision/cases?light=red" --requests 20 --warmup 2) ||
	fail "red list requests failed"
# B: plus the n = 0 rows three years of triggers leave (bench_watch_history).
sqlite3 "$DB" ".timeout 5000" "INSERT INTO watch_counts(dim, key, region_id,
	deadline_day, warn_days, paused, n) SELECT dim, key, region_id, deadline_day,
	warn_days, paused, 0 FROM bench_watch_history" >/dev/null
board_phase B
cmp -s "$RUN/board-A.json" "$RUN/board-B.json" && SAME_AB=yes || SAME_AB=NO
sqlite3 "$DB" ".timeout 5000" "DELETE FROM watch_counts WHERE n = 0" >/dev/null
PEAK=$(proc_kb "$GH_PID" VmHWM)
RSS_END=$(proc_kb "$GH_PID" VmRSS)
kill "$GH_PID" 2>/dev/null || true
wait "$GH_PID" 2>/dev/null || true
GH_PID=""

# ---- 3. the baseline ----------------------------------------------------------------
say "baseline, COUNT over bench_open_cases: 2 warm-up + $COUNTS runs"
COUNT=$("$OUT/board_bench" count --db "$DB" --today "$TODAY_DAY" --index bench_open_cases \
	--requests "$COUNTS" --warmup 2 --out "$RUN/counts.json") || fail "baseline failed"
say "baseline, COUNT over cases_watch: 1 warm-up + $((COUNTS / 5 + 1)) runs"
COUNT_W=$("$OUT/board_bench" count --db "$DB" --today "$TODAY_DAY" --index cases_watch \
	--requests "$((COUNTS / 5 + 1))" --warmup 1) || fail "baseline (cases_watch) failed"
CHECK=$("$OUT/board_bench" check --board "$RUN/board-A.json" --counts "$RUN/counts.json") || true
FP_AFTER=$(fingerprint)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- 4. report ----------------------------------------------------------------------
C50=$(kv "$COUNT" p50_ms)
CW50=$(kv "$COUNT_W" p50_ms)
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
yes_no() { awk "BEGIN { print ($1) ? \"yes\" : \"NO\" }"; }
row() { # label kv
	printf '  %-30s %8s %8s %8s %8s %8s %8s\n' "$1" "$(kv "$2" requests)" "$(kv "$2" p50_ms)" \
		"$(kv "$2" p99_ms)" "$(kv "$2" mean_ms)" "$(kv "$2" max_ms)" "$(kv "$2" bytes)"
}
watch_line() { # label kv
	printf '  %-30s %9s rows, %9s returned; p50 %7s ms as it was (mask), %7s ms as it is (dim IN)\n' \
		"$1" "$(kv "$2" rows_in_dims)" "$(kv "$2" in_rows)" "$(kv "$2" mask_p50_ms)" "$(kv "$2" in_p50_ms)"
}
{
echo
echo "govhall supervision board benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')  $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo '+dirty')"
echo "machine: $(nproc) cores, $(uname -sr), load average $LOAD_BEFORE before, $LOAD_AFTER after"
echo "govhall: $GOVHALL --threads $THREADS --today $TODAY --sweep-interval 0"
echo
echo "Database $(basename "$DB") ($BUILT): $(awk -v b="$DB_BYTES" 'BEGIN { printf "%.2f GiB", b / 1073741824 }')"
printf '  cases %s, open (accepted, not finished) %s, watch_counts rows %s (+%s at n = 0 in phase B)\n' \
	"$N_CASES" "$N_OPEN" "$N_WATCH" "$N_HIST"
echo
echo "GET /api/v1/supervision/board, one keep-alive connection, sequential requests"
echo "  A: watch_counts as built (backfill of schema 0002: no rows at n = 0)"
echo "  B: plus the $N_HIST rows at n = 0 the triggers before schema 0004 would have left after these 9 M finished cases"
printf '  %-30s %8s %8s %8s %8s %8s %8s\n' "" requests "p50 ms" "p99 ms" "mean ms" "max ms" bytes
row "A  group=department" "$DEPT_A"
row "A  group=clerk" "$CLERK_A"
row "B  group=department" "$DEPT_B"
row "B  group=clerk" "$CLERK_B"
row "A  cases?light=red (page 1)" "$REDLIST"
echo "  B answers the same as A: $SAME_AB"
echo "govhall's read of watch_counts (store_watch_rows), in process, rows in the board's dimensions:"
watch_line "A  department (dims 0, 1)" "$WD_A"
watch_line "A  clerk (dims 0, 3)" "$WC_A"
watch_line "B  department (dims 0, 1)" "$WD_B"
watch_line "B  clerk (dims 0, 3)" "$WC_B"
echo
echo "Baseline: open cases by light per department, one COUNT ... GROUP BY dept_id (sqlite3 C API, warm cache)"
printf '  %-34s %8s %8s %8s\n' index runs "p50 ms" "p99 ms"
printf '  %-34s %8s %8s %8s\n' "bench_open_cases (covering)" "$(kv "$COUNT" requests)" "$C50" "$(kv "$COUNT" p99_ms)"
printf '  %-34s %8s %8s %8s\n' "cases_watch (govhall's)" "$(kv "$COUNT_W" requests)" "$CW50" "$(kv "$COUNT_W" p99_ms)"
echo "  plan: $(sed -n 's/.*plan="\(.*\)"/\1/p' <<<"$COUNT")"
echo "  totals: green $(kv "$COUNT" green), yellow $(kv "$COUNT" yellow), red $(kv "$COUNT" red), paused $(kv "$COUNT" paused) in $(kv "$COUNT" groups) departments"
echo "  board (A) vs count, department by department: $CHECK"
echo
echo "govhall resident memory (/proc/PID/status)"
echo "  idle after start $(mib "$RSS_IDLE") MiB, peak after login $(mib "$RSS_LOGIN") MiB, peak over the run (VmHWM) $(mib "$PEAK") MiB, at the end $(mib "$RSS_END") MiB"
[ "$FP_BEFORE" = "$FP_AFTER" ] || echo "  WARNING: the cases or watch_counts changed during the run"
echo
echo "Targets (issue 4), department board            A                          B"
for p in A B; do
	v=DEPT_$p
	eval "B50_$p=$(kv "${!v}" p50_ms) B99_$p=$(kv "${!v}" p99_ms)"
done
printf '  %-34s %-26s %s\n' "p50 < 10 ms (p99)" "$B50_A ms $(yes_no "$B50_A < 10") ($B99_A $(yes_no "$B99_A < 10"))" \
	"$B50_B ms $(yes_no "$B50_B < 10") ($B99_B $(yes_no "$B99_B < 10"))"
printf '  %-34s %-26s %s\n' "COUNT / board >= 5 (covering)" "$(div "$C50" "$B50_A") x $(yes_no "$C50 / $B50_A >= 5")" \
	"$(div "$C50" "$B50_B") x $(yes_no "$C50 / $B50_B >= 5")"
printf '  %-34s %-26s %s\n' "COUNT / board (cases_watch)" "$(div "$CW50" "$B50_A") x" "$(div "$CW50" "$B50_B") x"
echo "  peak RSS < 256 MiB:                $(mib "$PEAK") MiB  $(yes_no "$PEAK < 262144")"
echo "  board agrees with the count:       $CHECK"
echo "whole run $(($(date +%s) - T_START)) s; figures from a shared 2-core machine are noisy: compare runs, not digits."
}

#!/usr/bin/env bash
# bench/run.sh - govhall's first benchmark (issue 2, section 10).
#
# Starts govhall on a fresh demo database and measures, in one run:
#   1. the raw SQLite ceiling of this disk: one BEGIN IMMEDIATE; INSERT;
#      UPDATE; COMMIT per fsync in a tight C loop (bench/sqlite_ceiling.c),
#      with govhall's pragmas, on a file next to govhall's database;
#   2. case transitions per second over HTTP with 1, 16 and 64 clients, then
#      again with serve --group-commit
#      (bench/loadgen.c: the whole life of a case, create -> accept ->
#      start_review -> approve per review step -> complete; each 2xx action
#      is one transition);
#   3. public progress queries per second (GET /api/v1/progress/{code})
#      with wrk, against nginx serving a static file holding the very bytes
#      of that answer, at the same URL, with the same wrk settings;
#   4. govhall's resident memory: VmHWM from /proc/PID/status, reset with
#      /proc/PID/clear_refs between phases so each phase has its own peak.
# and prints a table with the figures and the ratios.
#
# Owns a temporary directory under bench/out/ (same disk as the repository),
# the govhall and nginx processes it starts (stopped by PID on exit) and the
# compiled tools in bench/out/.  Traffic goes to 127.0.0.1 only.  Takes
# about 70 s with the defaults.
#
# Environment:
#   GOVHALL=path        the binary to measure (default build/govhall, built
#                       with CMake if missing)
#   BENCH_SECONDS=10    length of each transition and wrk phase
#   BENCH_THREADS=4     govhall serve --threads
#   BENCH_WRK_CONNS=64  wrk connections (2 wrk threads)
#   BENCH_KEEP=1        keep the temporary directory (database, logs)
#   BENCH_BOARD=1       then run bench/board.sh as well: the supervision
#                       board over 1 M open / 10 M cases (issue 4; the
#                       first run builds and caches a 2.7 GB database,
#                       about 4 minutes; later runs about 1.5 minutes)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/out"
GOVHALL=${GOVHALL:-$ROOT/build/govhall}
SECONDS_PER_PHASE=${BENCH_SECONDS:-10}
THREADS=${BENCH_THREADS:-4}
WRK_CONNS=${BENCH_WRK_CONNS:-64}
TODAY=2026-11-23
CLIENTS="1 16 64"
MAX_CLIENTS=64
BENCH_NAME=bench
BENCH_PIDS_VARS="GH_PID NGINX_PID"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

for tool in cc wrk nginx curl; do
	command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
		fail "$tool is missing (GH_BENCH=1 scripts/deps.sh installs it)"
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# ---- build ------------------------------------------------------------------
ensure_govhall
build_tool sqlite_ceiling -lsqlite3
build_tool loadgen -lpthread -ljansson

# ---- processes and clean-up ---------------------------------------------------
GH_PID=""
NGINX_PID=""
make_run_dir run

# Peak RSS since the last reset, then reset it to the current RSS; prints kB.
# Without the reset (not permitted) the peaks are cumulative.
HWM_RESETS=yes
phase_peak() {
	proc_kb "$GH_PID" VmHWM
	echo 5 2>/dev/null >"/proc/$GH_PID/clear_refs" || HWM_RESETS=no
}

# ---- 1. the SQLite ceiling -------------------------------------------------------
say "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "sqlite ceiling (${SECONDS_PER_PHASE}s, $RUN)"
CEIL=$("$OUT/sqlite_ceiling" "$RUN/ceiling.db" "$SECONDS_PER_PHASE")
rm -f "$RUN"/ceiling.db*
CEIL_TPS=$(kv "$CEIL" tps)

# ---- 2. govhall on a fresh demo centre --------------------------------------------
say "creating the demo centre"
"$GOVHALL" demo "$RUN/govhall.db" --today "$TODAY" >"$RUN/demo.log" 2>&1 ||
	fail "govhall demo failed: $(tail -3 "$RUN/demo.log")"
GH_PORT=$(free_port)
# Starts govhall serve on the run's database with extra options; sets GH_PID.
start_govhall() {
	: >"$RUN/govhall.log"
	"$GOVHALL" serve --db "$RUN/govhall.db" --listen "127.0.0.1:$GH_PORT" \
		--today "$TODAY" --threads "$THREADS" --sweep-interval 0 --max-conns-per-ip 0 "$@" \
		>>"$RUN/govhall.log" 2>&1 &
	GH_PID=$!
	for _ in $(seq 100); do
		grep -q "listening on" "$RUN/govhall.log" && break
		kill -0 "$GH_PID" 2>/dev/null || fail "govhall exited: $(tail -3 "$RUN/govhall.log")"
		sleep 0.1
	done
	grep -q "listening on" "$RUN/govhall.log" || fail "govhall did not start"
}
stop_govhall() {
	kill "$GH_PID" 2>/dev/null || true
	wait "$GH_PID" 2>/dev/null || true
	GH_PID=""
}
start_govhall
RSS_IDLE=$(proc_kb "$GH_PID" VmRSS)

say "logging in $((MAX_CLIENTS * 3)) sessions (argon2id, two at a time)"
SETUP_T0=$(date +%s.%N)
SETUP=$(timeout 120 "$OUT/loadgen" setup --port "$GH_PORT" \
	--clients "$MAX_CLIENTS" --out "$RUN/setup.txt") || fail "loadgen setup failed"
SETUP_S=$(awk -v a="$SETUP_T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
PEAK_LOGIN=$(phase_peak)

declare -A TR PEAK
for n in $CLIENTS; do
	say "transitions, $n client(s), ${SECONDS_PER_PHASE}s"
	TR[$n]=$(timeout $((SECONDS_PER_PHASE + 60)) "$OUT/loadgen" run \
		--port "$GH_PORT" --clients "$n" --seconds "$SECONDS_PER_PHASE" \
		--setup "$RUN/setup.txt") || fail "loadgen run failed"
	PEAK[$n]=$(phase_peak)
done

# The same with --group-commit: concurrent commits share one WAL fsync (the
# sessions made above are in the database, so a restart keeps them).
stop_govhall
start_govhall --group-commit
declare -A TRG
for n in $CLIENTS; do
	say "transitions with --group-commit, $n client(s), ${SECONDS_PER_PHASE}s"
	TRG[$n]=$(timeout $((SECONDS_PER_PHASE + 60)) "$OUT/loadgen" run \
		--port "$GH_PORT" --clients "$n" --seconds "$SECONDS_PER_PHASE" \
		--setup "$RUN/setup.txt") || fail "loadgen run failed"
	PEAK[g$n]=$(phase_peak)
done
stop_govhall
start_govhall

# ---- 3. progress queries: govhall and nginx -----------------------------------
CODE=$(kv "${TR[64]}" query_code)
[ "$CODE" != - ] || CODE=$(kv "${TR[1]}" query_code)
[ "$CODE" != - ] || fail "no completed case to query"
URL_PATH="/api/v1/progress/$CODE"
STATUS=$(curl -s -o "$RUN/progress.json" -w '%{http_code}' \
	"http://127.0.0.1:$GH_PORT$URL_PATH")
[ "$STATUS" = 200 ] || fail "progress query answered $STATUS"
BYTES=$(wc -c <"$RUN/progress.json")

NG="$RUN/nginx"
mkdir -p "$NG/www/api/v1/progress" "$NG/tmp"
cp "$RUN/progress.json" "$NG/www$URL_PATH"
NG_PORT=$(free_port)
NG_USER=""
# A root master would hand the workers to nobody, who cannot read $RUN.
[ "$(id -u)" = 0 ] && NG_USER="user root;"
cat >"$NG/nginx.conf" <<EOF
# Written by bench/run.sh: an unprivileged nginx serving one static file.
$NG_USER
worker_processes auto;
pid $NG/nginx.pid;
error_log $NG/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	types { }
	default_type application/json;
	keepalive_requests 1000000;
	client_body_temp_path $NG/tmp/body;
	proxy_temp_path $NG/tmp/proxy;
	fastcgi_temp_path $NG/tmp/fastcgi;
	uwsgi_temp_path $NG/tmp/uwsgi;
	scgi_temp_path $NG/tmp/scgi;
	server {
		listen 127.0.0.1:$NG_PORT;
		root $NG/www;
	}
}
EOF
"$NGINX" -e "$NG/error.log" -p "$NG" -c "$NG/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
for _ in $(seq 50); do
	curl -sf -o /dev/null "http://127.0.0.1:$NG_PORT$URL_PATH" && break
	sleep 0.1
done
NG_BYTES=$(curl -sf "http://127.0.0.1:$NG_PORT$URL_PATH" | wc -c) ||
	fail "nginx did not start: $(tail -3 "$NG/error.log")"

# Prints "rps p50_ms p99_ms non2xx errors" for one wrk run.
run_wrk() {
	local out
	out=$(wrk -t2 -c"$WRK_CONNS" -d"${SECONDS_PER_PHASE}s" --latency "$1")
	printf '%s\n' "$out" >>"$RUN/wrk.log"
	awk '
	function ms(v) {
		if (v ~ /us$/) return v / 1000
		if (v ~ /ms$/) return v + 0
		if (v ~ /s$/) return v * 1000
		return v
	}
	/Requests\/sec:/ { rps = $2 }
	$1 == "50%" { p50 = ms($2) }
	$1 == "99%" { p99 = ms($2) }
	/Non-2xx or 3xx/ { bad = $NF }
	/Socket errors/ { err = $0; sub(/.*Socket errors: /, "", err); gsub(/ /, "", err) }
	END { printf "%s %.2f %.2f %d %s\n", rps, p50, p99, bad, err == "" ? "-" : err }
	' <<<"$out"
}
say "progress queries with wrk, govhall (${SECONDS_PER_PHASE}s)"
read -r GH_RPS GH_P50 GH_P99 GH_BAD GH_ERR < <(run_wrk "http://127.0.0.1:$GH_PORT$URL_PATH")
PEAK_WRK=$(phase_peak)
say "progress queries with wrk, nginx (${SECONDS_PER_PHASE}s)"
read -r NG_RPS NG_P50 NG_P99 NG_BAD NG_ERR < <(run_wrk "http://127.0.0.1:$NG_PORT$URL_PATH")
RSS_END=$(proc_kb "$GH_PID" VmRSS)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- 4. report --------------------------------------------------------------
PEAK_LOAD=0
for k in "${PEAK[@]}" "$PEAK_WRK"; do
	[ "$k" -gt "$PEAK_LOAD" ] && PEAK_LOAD=$k
done
{
echo
echo "govhall benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')  $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo '+dirty')"
echo "machine: $(nproc) cores, $(uname -sr), load average $LOAD_BEFORE before, $LOAD_AFTER after"
echo "disk: $(df -h --output=source,fstype "$RUN" | tail -1 | tr -s ' ')   govhall: --threads $THREADS, demo centre, --today $TODAY"
echo
echo "SQLite ceiling (1 INSERT+UPDATE txn per fsync, WAL, synchronous=FULL, same directory)"
printf '  %-40s %9.1f txn/s   p50 %6.2f ms  p99 %6.2f ms\n' "tight C loop, 1 writer" \
	"$CEIL_TPS" "$(kv "$CEIL" p50_ms)" "$(kv "$CEIL" p99_ms)"
echo
echo "Case transitions over HTTP, item $(kv "$SETUP" item) of 市场监管局: create -> accept -> start_review"
echo "-> approve per review step (reviewer or chief $(kv "$SETUP" chief)) -> complete; each client its own"
echo "connection and sessions; each 2xx action is one transition and one write transaction;"
echo "writes/s adds the creates (also one transaction each)"
printf '  %-8s %10s %8s %9s %9s %9s %10s %8s %10s\n' clients "trans/s" "x ceil" "p50 ms" "p99 ms" \
	"writes/s" "x ceil" errors "peak MiB"
for n in $CLIENTS; do
	t=${TR[$n]}
	printf '  %-8s %10.1f %8s %9.2f %9.2f %9.1f %10s %8s %10s\n' "$n" "$(kv "$t" tps)" \
		"$(ratio "$(kv "$t" tps)" "$CEIL_TPS")" "$(kv "$t" p50_ms)" "$(kv "$t" p99_ms)" \
		"$(kv "$t" writes_per_s)" "$(ratio "$(kv "$t" writes_per_s)" "$CEIL_TPS")" \
		"$(kv "$t" errors)" "$(mib "${PEAK[$n]}")"
done
echo "  creates p50/p99 ms:$(for n in $CLIENTS; do printf '  %s clients %s/%s' "$n" \
	"$(kv "${TR[$n]}" create_p50_ms)" "$(kv "${TR[$n]}" create_p99_ms)"; done)"
echo "  with serve --group-commit (one fsync shared by the commits waiting for it):"
for n in $CLIENTS; do
	t=${TRG[$n]}
	printf '  %-8s %10.1f %8s %9.2f %9.2f %9.1f %10s %8s %10s\n' "$n" "$(kv "$t" tps)" \
		"$(ratio "$(kv "$t" tps)" "$CEIL_TPS")" "$(kv "$t" p50_ms)" "$(kv "$t" p99_ms)" \
		"$(kv "$t" writes_per_s)" "$(ratio "$(kv "$t" writes_per_s)" "$CEIL_TPS")" \
		"$(kv "$t" errors)" "$(mib "${PEAK[g$n]}")"
done
echo
echo "Public progress query GET $URL_PATH  (wrk -t2 -c$WRK_CONNS, ${SECONDS_PER_PHASE}s)"
echo "  answer $BYTES bytes from govhall; nginx serves the same $NG_BYTES bytes as a static file"
printf '  %-10s %10s %9s %9s %8s %s\n' server "req/s" "p50 ms" "p99 ms" non-2xx "socket errors"
printf '  %-10s %10.1f %9.2f %9.2f %8s %s\n' govhall "$GH_RPS" "$GH_P50" "$GH_P99" "$GH_BAD" "$GH_ERR"
printf '  %-10s %10.1f %9.2f %9.2f %8s %s\n' nginx "$NG_RPS" "$NG_P50" "$NG_P99" "$NG_BAD" "$NG_ERR"
echo "  govhall / nginx = $(ratio "$GH_RPS" "$NG_RPS")"
echo
echo "govhall resident memory (VmRSS / VmHWM from /proc/$GH_PID/status)"
echo "  idle after start            $(mib "$RSS_IDLE") MiB"
echo "  peak while logging in       $(mib "$PEAK_LOGIN") MiB   ($((MAX_CLIENTS * 3)) logins in ${SETUP_S}s; argon2id 19 MiB per hash, 2 at once)"
echo "  peak under load (after)     $(mib "$PEAK_LOAD") MiB   (transitions and progress phases; target < 64 MiB)"
echo "  at the end                  $(mib "$RSS_END") MiB"
[ "$HWM_RESETS" = yes ] || echo "  (VmHWM could not be reset: the peaks are cumulative)"
echo
echo "Ratios: transitions/s at 1/16/64 clients vs the ceiling: $(for n in $CLIENTS; do printf '%s ' "$(ratio "$(kv "${TR[$n]}" tps)" "$CEIL_TPS")"; done)| with --group-commit: $(for n in $CLIENTS; do printf '%s ' "$(ratio "$(kv "${TRG[$n]}" tps)" "$CEIL_TPS")"; done)| progress govhall/nginx: $(ratio "$GH_RPS" "$NG_RPS") | peak under load/64 MiB: $(ratio "$PEAK_LOAD" 65536)"
echo "Figures from a shared 2-core machine are noisy: compare runs, not digits."
}

# ---- 5. the supervision board at scale (BENCH_BOARD=1) ----------------------------
if [ "${BENCH_BOARD:-0}" = 1 ]; then
	kill "$GH_PID" "$NGINX_PID" 2>/dev/null || true
	wait "$GH_PID" "$NGINX_PID" 2>/dev/null || true
	GH_PID=""
	NGINX_PID=""
	GOVHALL="$GOVHALL" BENCH_THREADS="$THREADS" "$ROOT/bench/board.sh"
fi

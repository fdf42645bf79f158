#!/usr/bin/env bash
# bench/engines.sh - the same workloads on SQLite and on PostgreSQL in one
# run, side by side with their ratios (issue 9, section 4).
#
#   1. starts a throwaway PostgreSQL 15 of its own: initdb into the run
#      directory under bench/out/ (trust authentication, superuser govhall,
#      UTF8, locale C), listening on 127.0.0.1 at a free port and on a unix
#      socket in that directory, with fsync=on and synchronous_commit=on
#      (every acknowledged COMMIT is flushed to disk, as SQLite's
#      synchronous=FULL), shared_buffers 256MB and pg_stat_statements; run
#      as the user postgres when we are root;
#   2. on each engine: `govhall demo --today 2026-11-23` (a file for SQLite,
#      a database of that cluster for PostgreSQL), then govhall serve, the
#      192 sessions of bench/loadgen.c, case transitions over HTTP at 1, 16
#      and 64 clients (the phases and settings of bench/run.sh; SQLite also
#      with serve --group-commit, as run.sh), then the public progress
#      query with wrk (GET /api/v1/progress/{code});
#   3. on PostgreSQL only: a second govhall serve on another port on the
#      same database, the 16 and 64 client loads split half and half over
#      the two servers (two loadgen processes at once, results summed);
#   4. the supervision board at 1 M open among 10 M cases (ENGINES_BOARD=1,
#      the default): the SQLite database of bench/board.sh (built here with
#      bench/board_build.c and cached under the same name when missing),
#      its cases copied into PostgreSQL (a demo centre made by govhall demo
#      on PostgreSQL, the synthetic cases piped from sqlite3 into COPY,
#      watch_counts rebuilt with the backfill of 0002_supervision.pg.sql,
#      indexes rebuilt, VACUUM ANALYZE), then the same board requests
#      (bench/board_bench.c http) against govhall on each engine;
#   5. prints one table: workload, SQLite, PostgreSQL, PG / SQLite, the two
#      PostgreSQL servers and their ratio to one, and beside this run's
#      SQLite figures the reference figures of bench/README.md.
#
# Owns a temporary directory bench/out/engines.XXXXXX (the SQLite files,
# the PostgreSQL cluster, the logs; removed at the end unless BENCH_KEEP=1),
# the govhall, loadgen, wrk and PostgreSQL processes it starts (stopped by
# PID, PostgreSQL by pg_ctl, on exit) and the compiled tools in bench/out/.
# The board's SQLite database is cached as bench/out/board-<key>.db (about
# 3 GB, the key of bench/board.sh).  Traffic goes to 127.0.0.1 only; every
# wait is bounded by a timeout.
#
# Environment:
#   GOVHALL=path         binary (default build/govhall, built if missing)
#   BENCH_SECONDS=10     length of each transition and wrk phase
#   BENCH_THREADS=4      govhall serve --threads (= PostgreSQL connections)
#   BENCH_WRK_CONNS=64   wrk connections (2 wrk threads)
#   ENGINES_BOARD=1      the board at 10 M cases (0: skip it; the copy into
#                        PostgreSQL takes several minutes)
#   BOARD_REQUESTS=200   measured board requests per engine (after 20)
#   ENGINES_SQLITE_REF=path  also an A/B of the SQLite transitions and
#                        progress query against that govhall binary (e.g.
#                        one built from the commit before issue 9), each
#                        phase run this, reference, reference, this
#   BENCH_KEEP=1         keep the run directory
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/out"
GOVHALL=${GOVHALL:-$ROOT/build/govhall}
SECONDS_PER_PHASE=${BENCH_SECONDS:-10}
THREADS=${BENCH_THREADS:-4}
WRK_CONNS=${BENCH_WRK_CONNS:-64}
DO_BOARD=${ENGINES_BOARD:-1}
BOARD_N=${BOARD_REQUESTS:-200}
TODAY=2026-11-23
TODAY_DAY=$(($(date -u -d "$TODAY" +%s) / 86400))
CLIENTS="1 16 64"
MAX_CLIENTS=64
PG_BIN=/usr/lib/postgresql/15/bin
T_START=$(date +%s)
BENCH_NAME=engines
BENCH_PIDS_VARS="GH_PID GH2_PID"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

for tool in cc wrk curl sqlite3 psql timeout; do
	command -v "$tool" >/dev/null || fail "$tool is missing (GH_BENCH=1 scripts/deps.sh installs it)"
done
for tool in initdb pg_ctl postgres; do
	[ -x "$PG_BIN/$tool" ] || fail "$PG_BIN/$tool is missing (scripts/deps.sh installs PostgreSQL 15)"
done

# ---- build --------------------------------------------------------------------------
ensure_govhall
build_tool loadgen -lpthread -ljansson
if [ "$DO_BOARD" = 1 ]; then
	build_tool board_build -lsqlite3
	build_tool board_bench -lsqlite3 -ljansson
fi

# ---- processes and clean-up -------------------------------------------------------------
GH_PID=""
# shellcheck disable=SC2034 # stopped through BENCH_PIDS_VARS
GH2_PID=""
PG_UP=no
make_run_dir engines
chmod 755 "$RUN"   # the server's user must enter it
PGD="$RUN/pg"
AS_PG=()
if [ "$(id -u)" = 0 ]; then
	id postgres >/dev/null 2>&1 ||
		fail "running as root and there is no user postgres (the postgresql package creates it)"
	AS_PG=(runuser -u postgres --)
fi
pg_stop() {
	[ "$PG_UP" = yes ] || return 0
	PG_UP=no
	timeout 60 "${PG_ENV[@]}" "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PGD/data" stop -m fast -t 45 \
		>>"$PGD/pg_ctl.log" 2>&1 && return 0
	# pg_ctl failed or hung: the postmaster's PID is the first line of its pid file.
	local pid
	pid=$(head -1 "$PGD/data/postmaster.pid" 2>/dev/null || true)
	[ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null
	say "PostgreSQL stopped with SIGQUIT (pg_ctl stop failed)"
}
engines_cleanup() {
	local v pid
	for v in $BENCH_PIDS_VARS; do
		pid=${!v}
		[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	pg_stop || true
	bench_cleanup
}
trap engines_cleanup EXIT

# ---- 1. PostgreSQL -----------------------------------------------------------------------
say "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$PGD"
if [ ${#AS_PG[@]} -gt 0 ]; then chown postgres: "$PGD"; fi
# No PGHOST, PGDATA, ... of the caller's may leak into our programs.
PG_ENV=(env -u PGHOST -u PGPORT -u PGDATA -u PGUSER -u PGDATABASE -u PGPASSWORD LC_ALL=C)
say "PostgreSQL 15: initdb in $PGD"
(cd "$PGD" && timeout 120 "${PG_ENV[@]}" "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PGD/data" -A trust \
	-U govhall -E UTF8 --locale=C >"$PGD/initdb.log" 2>&1) ||
	fail "initdb failed: $(tail -3 "$PGD/initdb.log")"
PG_SETTINGS="fsync=on synchronous_commit=on full_page_writes=on shared_buffers=256MB
	max_connections=100 listen_addresses=127.0.0.1 unix_socket_directories=$PGD
	shared_preload_libraries=pg_stat_statements max_wal_size=8GB
	checkpoint_timeout=15min maintenance_work_mem=512MB logging_collector=off"
for attempt in 1 2 3; do
	PG_PORT=$(free_port)
	PG_OPTS="-c port=$PG_PORT"
	for s in $PG_SETTINGS; do PG_OPTS="$PG_OPTS -c $s"; done
	if (cd "$PGD" && timeout 90 "${PG_ENV[@]}" "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PGD/data" \
		-l "$PGD/postgres.log" -o "$PG_OPTS" -w -t 60 start >>"$PGD/pg_ctl.log" 2>&1); then
		PG_UP=yes
		break
	fi
	say "PostgreSQL did not start on port $PG_PORT (attempt $attempt)"
done
[ "$PG_UP" = yes ] || fail "PostgreSQL did not start: $(tail -5 "$PGD/postgres.log")"
PG_BASE="postgresql://govhall@127.0.0.1:$PG_PORT"
# psql on database $1 with the rest as arguments; errors stop it; 600 s at most.
pg() {
	local db=$1
	shift
	timeout 600 "${PG_ENV[@]}" psql -X -q -At -v ON_ERROR_STOP=1 -d "$PG_BASE/$db" "$@"
}
pg postgres -c "CREATE DATABASE bench TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
pg bench -c "CREATE EXTENSION pg_stat_statements"
PG_VERSION=$(pg bench -c "SHOW server_version")
PG_DUR=$(pg bench -c "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings
	WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'full_page_writes',
	'shared_buffers', 'commit_delay')")
say "PostgreSQL $PG_VERSION on 127.0.0.1:$PG_PORT ($PG_DUR)"

# ---- govhall servers ----------------------------------------------------------------------------
# start_server VAR PORTVAR LOG DB [serve options...]: govhall serve in the
# background on a free port (written to PORTVAR; tried again on another
# port when a process of the shared machine took it first); VAR receives
# its PID.  Waits (30 s at most) for "listening on".
start_server() {
	local _var=$1 _portvar=$2 _log=$3 _db=$4 _pid _port
	shift 4
	for _ in 1 2 3 4 5; do
		_port=$(free_port)
		: >"$_log"
		"$GOVHALL" serve --db "$_db" --listen "127.0.0.1:$_port" --today "$TODAY" \
			--threads "$THREADS" --sweep-interval 0 --max-conns-per-ip 0 "$@" >>"$_log" 2>&1 &
		_pid=$!
		printf -v "$_var" '%s' "$_pid"
		printf -v "$_portvar" '%s' "$_port"
		for _ in $(seq 300); do
			grep -q "listening on" "$_log" && return 0
			kill -0 "$_pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$_pid" 2>/dev/null; then
			fail "govhall did not start in 30 s: $(tail -3 "$_log")"
		fi
		wait "$_pid" 2>/dev/null || true
		printf -v "$_var" '%s' ""
		grep -q "Address already in use" "$_log" || fail "govhall exited: $(tail -3 "$_log")"
		say "port $_port was taken meanwhile; another"
	done
	fail "no free port for govhall"
}
stop_server() { # VAR
	local pid=${!1}
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null || true
	timeout 30 tail --pid="$pid" -f /dev/null || kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	printf -v "$1" '%s' ""
}

# One loadgen run: clients seconds port setup -> its key=value line.
loadgen_run() {
	timeout $(($2 + 60)) "$OUT/loadgen" run --port "$3" --clients "$1" --seconds "$2" \
		--setup "$4" || fail "loadgen run failed ($1 clients, port $3)"
}

# Prints "rps p50_ms p99_ms non2xx errors" for one wrk run (as run.sh).
run_wrk() {
	local out
	out=$(timeout $((SECONDS_PER_PHASE + 60)) wrk -t2 -c"$WRK_CONNS" -d"${SECONDS_PER_PHASE}s" \
		--latency "$1") || fail "wrk failed on $1"
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

# PostgreSQL's own view of a phase: pg_stat_statements over database bench
# (reset when the phase starts) gives the statements per write transaction
# (each one a round trip from govhall) and the mean server-side time of the
# two the driver adds to every write: 'SELECT txid_current()' (sent with
# BEGIN) and pg_advisory_xact_lock (the audit chain's lock, taken just
# before COMMIT and held through it); the server log gives the deadlocks
# and the other errors of the phase.
pg_phase_start() {
	pg bench -c "SELECT pg_stat_statements_reset()" >/dev/null
	PG_DL0=$(grep -c 'ERROR:  deadlock detected' "$PGD/postgres.log" || true)
	PG_ERR0=$(grep -c 'ERROR: ' "$PGD/postgres.log" || true)
}
pg_phase_end() { # units (write transactions or requests) -> key=value line
	local dl err
	dl=$(grep -c 'ERROR:  deadlock detected' "$PGD/postgres.log" || true)
	err=$(grep -c 'ERROR: ' "$PGD/postgres.log" || true)
	pg bench -F ' ' -c "SELECT
		'stmts_per_unit=' || round(sum(calls)::numeric / greatest($1, 1), 1),
		'commits=' || coalesce(sum(calls) FILTER (WHERE query ILIKE 'commit%'), 0),
		'txid_ms=' || coalesce(round((sum(total_exec_time) FILTER (WHERE query ILIKE '%txid_current%')
			/ nullif(sum(calls) FILTER (WHERE query ILIKE '%txid_current%'), 0))::numeric, 3), 0),
		'lock_ms=' || coalesce(round((sum(total_exec_time) FILTER (WHERE query ILIKE '%advisory_xact_lock%')
			/ nullif(sum(calls) FILTER (WHERE query ILIKE '%advisory_xact_lock%'), 0))::numeric, 3), 0),
		'deadlocks=$((dl - PG_DL0)) errors=$((err - PG_ERR0))'
		FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'bench'"
}
writes() { awk -v t="$(kv "$1" transitions)" -v c="$(kv "$1" creates)" 'BEGIN { print t + c }'; }

# ---- 2. each engine: demo, transitions, progress ----------------------------------------------------
declare -A R        # R[engine.metric] = value
declare -A TR       # TR[engine.clients] = loadgen line
# bench_engine NAME DB [serve options for every server...]
bench_engine() {
	local e=$1 db=$2 t0 port code status n
	shift 2
	say "[$e] govhall demo --today $TODAY"
	t0=$(date +%s.%N)
	timeout 600 "$GOVHALL" demo "$db" --today "$TODAY" "$@" >"$RUN/demo-$e.log" 2>&1 ||
		fail "govhall demo on $e failed: $(tail -3 "$RUN/demo-$e.log")"
	R[$e.demo_s]=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	start_server GH_PID port "$RUN/govhall-$e.log" "$db" "$@"
	R[$e.port]=$port
	say "[$e] logging in $((MAX_CLIENTS * 3)) sessions"
	timeout 300 "$OUT/loadgen" setup --port "$port" --clients "$MAX_CLIENTS" \
		--out "$RUN/setup-$e.txt" >"$RUN/setup-$e.log" || fail "loadgen setup on $e failed"
	for n in $CLIENTS; do
		say "[$e] transitions, $n client(s), ${SECONDS_PER_PHASE}s"
		if [ "$e" = pg ]; then pg_phase_start; fi
		TR[$e.$n]=$(loadgen_run "$n" "$SECONDS_PER_PHASE" "$port" "$RUN/setup-$e.txt")
		if [ "$e" = pg ]; then R[pg.stats.$n]=$(pg_phase_end "$(writes "${TR[$e.$n]}")"); fi
	done
	if [ "$e" = sqlite ]; then
		stop_server GH_PID
		start_server GH_PID port "$RUN/govhall-$e-gc.log" "$db" --group-commit "$@"
		for n in $CLIENTS; do
			say "[$e] transitions with --group-commit, $n client(s), ${SECONDS_PER_PHASE}s"
			TR[${e}_gc.$n]=$(loadgen_run "$n" "$SECONDS_PER_PHASE" "$port" "$RUN/setup-$e.txt")
		done
		stop_server GH_PID
		start_server GH_PID port "$RUN/govhall-$e.log" "$db" "$@"
	fi
	# The last case of the loadgen item completed with a certificate (loadgen's
	# query_code may be of a case the deadline left at "decided").
	code_sql="SELECT query_code FROM cases WHERE outcome = 1 AND item_id = (SELECT id
		FROM items WHERE code = '$(awk '$1 == "item" { print $2 }' "$RUN/setup-$e.txt")')
		ORDER BY id DESC LIMIT 1"
	if [ "$e" = pg ]; then code=$(pg bench -c "$code_sql"); else code=$(sqlite3 "$db" "$code_sql"); fi
	[ -n "$code" ] || fail "no completed case to query on $e"
	status=$(curl -s -m 10 -o "$RUN/progress-$e.json" -w '%{http_code}' \
		"http://127.0.0.1:$port/api/v1/progress/$code")
	[ "$status" = 200 ] || fail "progress query on $e answered $status"
	grep -q '"state": *"completed"' "$RUN/progress-$e.json" ||
		fail "the case queried on $e is not completed"
	R[$e.progress_bytes]=$(wc -c <"$RUN/progress-$e.json")
	say "[$e] progress queries with wrk (${SECONDS_PER_PHASE}s)"
	if [ "$e" = pg ]; then pg_phase_start; fi
	R[$e.progress]=$(run_wrk "http://127.0.0.1:$port/api/v1/progress/$code")
	if [ "$e" = pg ]; then
		R[pg.stats.progress]=$(pg_phase_end "$(awk -v r="${R[$e.progress]%% *}" \
			-v s="$SECONDS_PER_PHASE" 'BEGIN { printf "%d", r * s }')")
	fi
	R[$e.peak_kb]=$(proc_kb "$GH_PID" VmHWM)
}

SQ_DB="$RUN/govhall.db"
bench_engine sqlite "$SQ_DB"
stop_server GH_PID

# ---- 2b. SQLite: this binary against a reference binary (ENGINES_SQLITE_REF) ----------------------------
# Both on their own fresh demo centre, both servers up at once, every phase
# run A B B A (this, reference, reference, this) so that the load of a
# shared machine falls on both alike; each figure is the mean of its two
# runs, the two in brackets.
declare -A AB
SQ_REF=${ENGINES_SQLITE_REF:-}
ab_pair() { # label this-cmd ref-cmd: sets AB[this.label], AB[ref.label]
	local l=$1 a1 b1 b2 a2
	a1=$($2)
	b1=$($3)
	b2=$($3)
	a2=$($2)
	if [ -z "$a1" ] || [ -z "$b1" ] || [ -z "$b2" ] || [ -z "$a2" ]; then fail "A/B phase $l failed"; fi
	AB[this.$l]="$a1 $a2"
	AB[ref.$l]="$b1 $b2"
}
if [ -n "$SQ_REF" ]; then
	[ -x "$SQ_REF" ] || fail "ENGINES_SQLITE_REF=$SQ_REF is not an executable"
	SQ_REF_VERSION=$("$SQ_REF" --version 2>&1 | head -1 || true)
	say "[A/B] govhall demo with both binaries"
	timeout 600 "$GOVHALL" demo "$RUN/ab-this.db" --today "$TODAY" >"$RUN/ab-this-demo.log" 2>&1 ||
		fail "govhall demo (this) failed"
	timeout 600 "$SQ_REF" demo "$RUN/ab-ref.db" --today "$TODAY" >"$RUN/ab-ref-demo.log" 2>&1 ||
		fail "govhall demo (reference) failed"
	ab_start() { # serve options
		start_server GH_PID AB_PORT_THIS "$RUN/ab-this.log" "$RUN/ab-this.db" "$@"
		GOVHALL_THIS=$GOVHALL
		GOVHALL=$SQ_REF
		start_server GH2_PID AB_PORT_REF "$RUN/ab-ref.log" "$RUN/ab-ref.db" "$@"
		GOVHALL=$GOVHALL_THIS
	}
	ab_start
	say "[A/B] logging in $((MAX_CLIENTS * 3)) sessions on each"
	timeout 300 "$OUT/loadgen" setup --port "$AB_PORT_THIS" --clients "$MAX_CLIENTS" \
		--out "$RUN/ab-this.txt" >/dev/null || fail "loadgen setup (this) failed"
	timeout 300 "$OUT/loadgen" setup --port "$AB_PORT_REF" --clients "$MAX_CLIENTS" \
		--out "$RUN/ab-ref.txt" >/dev/null || fail "loadgen setup (reference) failed"
	ab_tps() { kv "$(loadgen_run "$1" "$SECONDS_PER_PHASE" "$2" "$3")" tps; }
	for mode in plain gc; do
		if [ "$mode" = gc ]; then
			stop_server GH_PID
			stop_server GH2_PID
			ab_start --group-commit
		fi
		for n in $CLIENTS; do
			say "[A/B] transitions ($mode), $n client(s), this/reference/reference/this"
			ab_pair "$mode.$n" "ab_tps $n $AB_PORT_THIS $RUN/ab-this.txt" \
				"ab_tps $n $AB_PORT_REF $RUN/ab-ref.txt"
		done
	done
	stop_server GH_PID
	stop_server GH2_PID
	ab_start
	for who in this ref; do
		[ "$who" = this ] && p=$AB_PORT_THIS || p=$AB_PORT_REF
		c=$(sqlite3 "$RUN/ab-$who.db" "SELECT query_code FROM cases WHERE outcome = 1 AND
			item_id = (SELECT id FROM items WHERE code = '$(awk '$1 == "item" { print $2 }' \
			"$RUN/ab-$who.txt")') ORDER BY id DESC LIMIT 1")
		[ -n "$c" ] || fail "no completed case to query ($who)"
		printf -v "AB_URL_$who" '%s' "http://127.0.0.1:$p/api/v1/progress/$c"
	done
	ab_rps() { run_wrk "$1" | cut -d' ' -f1; }
	say "[A/B] progress queries, this/reference/reference/this"
	# shellcheck disable=SC2154 # AB_URL_this, AB_URL_ref: set by printf -v above
	ab_pair progress "ab_rps $AB_URL_this" "ab_rps $AB_URL_ref"
	stop_server GH_PID
	stop_server GH2_PID
fi

PG_URI="$PG_BASE/bench"
bench_engine pg "$PG_URI" --audit-keys "$RUN/pg.keys" --checkpoints "$RUN/pg.checkpoints"

# ---- 3. two govhall servers on the one PostgreSQL -----------------------------------------------------
# The second loadgen gets the other half of the sessions (lines 33-64), so
# no session is used by two clients at once.
start_server GH2_PID PORT2 "$RUN/govhall-pg2.log" "$PG_URI" \
	--audit-keys "$RUN/pg.keys" --checkpoints "$RUN/pg.checkpoints"
grep -v '^session ' "$RUN/setup-pg.txt" >"$RUN/setup-pg2.txt"
grep '^session ' "$RUN/setup-pg.txt" | tail -n $((MAX_CLIENTS / 2)) >>"$RUN/setup-pg2.txt"
declare -A TWO
for n in 16 64; do
	say "[pg] two servers, $((n / 2)) + $((n / 2)) clients, ${SECONDS_PER_PHASE}s"
	pg_phase_start
	loadgen_run $((n / 2)) "$SECONDS_PER_PHASE" "${R[pg.port]}" "$RUN/setup-pg.txt" \
		>"$RUN/two-$n-a.txt" &
	LA=$!
	loadgen_run $((n / 2)) "$SECONDS_PER_PHASE" "$PORT2" "$RUN/setup-pg2.txt" \
		>"$RUN/two-$n-b.txt" &
	LB=$!
	wait "$LA" || fail "loadgen on server 1 failed"
	wait "$LB" || fail "loadgen on server 2 failed"
	a=$(cat "$RUN/two-$n-a.txt")
	b=$(cat "$RUN/two-$n-b.txt")
	# Sum the rates and the counts; the latencies are each server's own.
	TWO[$n]=$(awk -v ta="$(kv "$a" tps)" -v tb="$(kv "$b" tps)" \
		-v ea="$(kv "$a" errors)" -v eb="$(kv "$b" errors)" \
		-v pa="$(kv "$a" p50_ms)" -v pb="$(kv "$b" p50_ms)" \
		-v qa="$(kv "$a" p99_ms)" -v qb="$(kv "$b" p99_ms)" \
		'BEGIN { printf "tps=%.1f errors=%d p50_ms=%s/%s p99_ms=%s/%s\n", ta + tb, ea + eb, pa, pb, qa, qb }')
	R[pg2.stats.$n]=$(pg_phase_end "$(($(writes "$a") + $(writes "$b")))")
done
stop_server GH2_PID
stop_server GH_PID
# Nothing lost or doubled on PostgreSQL: no case left half-way by the
# clients (every completed case has its events), and query codes unique.
PG_CHECK=$(pg bench -c "SELECT (SELECT count(*) FROM cases) || ' cases, ' ||
	(SELECT count(*) - count(DISTINCT query_code) FROM cases) || ' duplicate query codes'")

# ---- 4. the board at 1 M open / 10 M cases ----------------------------------------------------------------
BOARD_NOTE=""
if [ "$DO_BOARD" = 1 ]; then
	# The cache of bench/board.sh (same key: a later board.sh finds it).
	KEY=$( (cd "$ROOT" && cat src/store/schema/*.sql src/demo/* bench/board_build.c \
		bench/board_build.sql && echo "$TODAY 10000000 1000000") | sha256sum | cut -c1-16)
	BDB="$OUT/board-$KEY.db"
	SCHEMA2_SQ="$ROOT/src/store/schema/0002_supervision.sqlite.sql"
	SCHEMA2_PG="$ROOT/src/store/schema/0002_supervision.pg.sql"
	if [ ! -f "$BDB" ] || [ ! -f "$BDB.keys" ]; then
		# bench/board.sh's build, with the schema's present file name and the
		# audit keys kept beside the database (serve refuses a keyed chain
		# without them).
		for old in "$OUT"/board-*.db; do
			[ -e "$old" ] && say "removing the old cache $(basename "$old")" &&
				rm -f "$old" "$old-wal" "$old-shm" "$old.keys" "$old.checkpoints"
		done
		say "[board] building $(basename "$BDB"): 10 M cases, 1 M open (several minutes, once)"
		TMP="$OUT/board-build.$$.db"
		rm -f "$TMP" "$TMP-wal" "$TMP-shm" "$TMP.keys" "$TMP.checkpoints"
		timeout 600 "$GOVHALL" demo "$TMP" --today "$TODAY" >"$RUN/board-demo.log" 2>&1 ||
			fail "govhall demo for the board failed: $(tail -3 "$RUN/board-demo.log")"
		timeout 1800 "$OUT/board_build" "$TMP" "$TODAY_DAY" 10000000 1000000 \
			"$ROOT/bench/board_build.sql" "$SCHEMA2_SQ" 2>"$RUN/board-build.log" ||
			{ rm -f "$TMP" "$TMP-wal" "$TMP-shm" "$TMP.keys" "$TMP.checkpoints"
			  fail "board_build failed: $(tail -3 "$RUN/board-build.log")"; }
		timeout 600 sqlite3 "$TMP" "CREATE INDEX bench_open_cases ON cases(dept_id, state,
			warn_days, region_id, deadline_day) WHERE accepted_day IS NOT NULL AND
			finished_day IS NULL; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
		mv "$TMP.keys" "$BDB.keys"
		mv "$TMP.checkpoints" "$BDB.checkpoints" 2>/dev/null || true
		mv "$TMP" "$BDB"
		rm -f "$TMP-wal" "$TMP-shm"
	fi
	# A run of board.sh stopped between its phases leaves rows at n = 0.
	sqlite3 "$BDB" ".timeout 5000" "DELETE FROM watch_counts WHERE n = 0" >/dev/null

	# PostgreSQL: the demo centre by govhall itself, then the synthetic
	# cases of the SQLite database.  The demo is deterministic, so both
	# hold the same items, departments, windows, users and ids; checked.
	say "[board] PostgreSQL: govhall demo, then the cases of $(basename "$BDB")"
	BT0=$(date +%s)
	pg postgres -c "CREATE DATABASE board TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
	BURI="$PG_BASE/board"
	timeout 600 "$GOVHALL" demo "$BURI" --today "$TODAY" --audit-keys "$RUN/board-pg.keys" \
		--checkpoints "$RUN/board-pg.checkpoints" >"$RUN/board-pg-demo.log" 2>&1 ||
		fail "govhall demo on PostgreSQL failed: $(tail -3 "$RUN/board-pg-demo.log")"
	# The per-item warning thresholds board_build.sql sets (its first
	# statement, read from the file).
	WARN_SQL=$(awk '/^UPDATE items SET warn_days/ { on = 1 } on { print } on && /;/ { exit }' \
		"$ROOT/bench/board_build.sql")
	[ -n "$WARN_SQL" ] || fail "no UPDATE items in bench/board_build.sql"
	pg board -c "$WARN_SQL"
	ORG_SQL="SELECT 'i', id, code, warn_days FROM items UNION ALL SELECT 'd', id, name, region_id
		FROM departments UNION ALL SELECT 'w', id, name, 0 FROM windows UNION ALL
		SELECT 'u', id, username, role FROM users ORDER BY 1, 2"
	sqlite3 -separator '|' "$BDB" "$ORG_SQL" >"$RUN/org-sqlite.txt"
	pg board -F '|' -c "$ORG_SQL" >"$RUN/org-pg.txt"
	cmp -s "$RUN/org-sqlite.txt" "$RUN/org-pg.txt" ||
		fail "the demo centre differs between the engines (items, departments, windows, users)"
	PG_MAX=$(pg board -c "SELECT coalesce(max(id), 0) FROM cases")
	[ "$(sqlite3 "$BDB" "SELECT count(*) FROM cases WHERE id <= $PG_MAX")" = \
		"$(pg board -c "SELECT count(*) FROM cases")" ] ||
		fail "the demo's cases differ between the engines (ids up to $PG_MAX)"
	# The columns both engines' cases have, in SQLite's order.
	COLS=$(sqlite3 "$BDB" "SELECT group_concat(name, ',') FROM pragma_table_info('cases')")
	PG_COLS=$(pg board -c "SELECT string_agg(column_name, ',' ORDER BY column_name)
		FROM information_schema.columns WHERE table_name = 'cases'")
	[ "$(tr ',' '\n' <<<"$COLS" | LC_ALL=C sort | paste -sd,)" = "$PG_COLS" ] ||
		fail "cases has different columns on the two engines"
	# Secondary indexes off for the load (their definitions saved), the
	# primary key and the unique query codes kept.
	pg board -c "SELECT indexdef || ';' FROM pg_indexes WHERE tablename = 'cases' AND indexname NOT IN
		(SELECT conname FROM pg_constraint WHERE conrelid = 'cases'::regclass)" >"$RUN/board-indexes.sql"
	pg board -c "SELECT 'DROP INDEX ' || indexname || ';' FROM pg_indexes WHERE tablename = 'cases' AND
		indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'cases'::regclass)" |
		pg board -f - >/dev/null
	say "[board] copying $(sqlite3 "$BDB" "SELECT count(*) FROM cases WHERE id > $PG_MAX") cases (sqlite3 -csv | COPY)"
	# session_replication_role = replica: no triggers (watch_counts is
	# rebuilt below) and no foreign-key checks (the ids were compared).
	timeout 1800 sqlite3 -csv "$BDB" "SELECT $COLS FROM cases WHERE id > $PG_MAX ORDER BY id" |
		pg board -c "SET session_replication_role = replica" \
			-c "\\copy cases($COLS) FROM pstdin WITH (FORMAT csv)" ||
		fail "copying the cases into PostgreSQL failed"
	BACKFILL=$(awk '/^-- Backfill/ { on = 1; next } on && /^INSERT INTO watch_counts/ { go = 1 }
		go { print } go && /;/ { exit }' "$SCHEMA2_PG")
	[ -n "$BACKFILL" ] || fail "no backfill statement in $SCHEMA2_PG"
	say "[board] watch_counts by the backfill of 0002_supervision.pg.sql, indexes, VACUUM ANALYZE"
	pg board -c "BEGIN" -c "DELETE FROM watch_counts" -c "$BACKFILL" -c "COMMIT"
	pg board -c "SET maintenance_work_mem = '512MB'" -f "$RUN/board-indexes.sql" >/dev/null
	pg board -c "SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases))" >/dev/null
	pg board -c "VACUUM ANALYZE cases" -c "VACUUM ANALYZE watch_counts" >/dev/null
	R[board.pg_load_s]=$(($(date +%s) - BT0))
	FP_SQL="SELECT (SELECT count(*) FROM cases) || ' ' || (SELECT count(*) FROM cases WHERE
		accepted_day IS NOT NULL AND finished_day IS NULL) || ' ' || (SELECT count(*) FROM
		watch_counts) || ' ' || (SELECT sum(n * (dim + 1) * deadline_day) FROM watch_counts)"
	FP_SQ=$(sqlite3 "$BDB" "$FP_SQL")
	FP_PG=$(pg board -c "$FP_SQL")
	R[board.size_sq]=$(stat -c %s "$BDB")
	R[board.size_pg]=$(pg board -c "SELECT pg_database_size('board')")

	# The same requests on each engine (those of bench/board.sh, phase A).
	board_measure() { # engine db [serve options]
		local e=$1 db=$2 port token
		shift 2
		start_server GH_PID port "$RUN/govhall-board-$e.log" "$db" "$@"
		token=$(curl -sf -m 30 -X POST -H 'Content-Type: application/json' \
			-d '{"username":"supervisor","password":"govhall-demo"}' \
			"http://127.0.0.1:$port/api/v1/session" |
			sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p') || true
		[ -n "$token" ] || fail "supervisor login on $e failed"
		say "[board] $e: department board, 20 + $BOARD_N requests"
		R[board.$e.dept]=$(timeout 600 "$OUT/board_bench" http --port "$port" --token "$token" \
			--path "/api/v1/supervision/board?group=department" --requests "$BOARD_N" \
			--warmup 20 --out "$RUN/board-$e.json") || fail "board requests on $e failed"
		say "[board] $e: clerk board, 10 + $((BOARD_N / 5)) requests; red list, 2 + 20"
		R[board.$e.clerk]=$(timeout 600 "$OUT/board_bench" http --port "$port" --token "$token" \
			--path "/api/v1/supervision/board?group=clerk" --requests "$((BOARD_N / 5))" \
			--warmup 10) || fail "clerk board requests on $e failed"
		R[board.$e.red]=$(timeout 600 "$OUT/board_bench" http --port "$port" --token "$token" \
			--path "/api/v1/supervision/cases?light=red" --requests 20 --warmup 2) ||
			fail "red list requests on $e failed"
		R[board.$e.peak_kb]=$(proc_kb "$GH_PID" VmHWM)
		stop_server GH_PID
	}
	board_measure sqlite "$BDB"
	board_measure pg "$BURI" --audit-keys "$RUN/board-pg.keys" --checkpoints "$RUN/board-pg.checkpoints"
	cmp -s "$RUN/board-sqlite.json" "$RUN/board-pg.json" && R[board.same]=yes || R[board.same]=NO
	# The board database is large: give the disk back now.
	pg postgres -c "DROP DATABASE board" >/dev/null || true
else
	BOARD_NOTE="skipped (ENGINES_BOARD=0)"
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- 5. report ---------------------------------------------------------------------------------------
# Today's SQLite figures: bench/README.md, "Latest figures (this machine,
# 2026-12-01)" (run.sh at d323cc0; without / with --group-commit).
declare -A REF=([1]="1009" [16]="732" [64]="647" [gc1]="939" [gc16]="1165" [gc64]="1336"
	[progress]="17780" [board_dept]="4.82" [board_clerk]="12.02" [board_red]="0.61")
# The same README, "The progress query after 8d46482": 26 245 req/s.
REF_PROGRESS_8D=26245
f1() { awk -v v="$1" 'BEGIN { printf "%.1f", v }'; }
rowr() { # label sqlite pg [reference]
	printf '  %-44s %12s %12s %8s %s\n' "$1" "$2" "$3" "$(ratio "$3" "$2")" "${4:-}"
}
{
echo
echo "govhall on SQLite and PostgreSQL  $(date -u '+%Y-%m-%d %H:%M UTC')  $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo '+dirty')"
echo "machine: $(nproc) cores, $(uname -sr), load average $LOAD_BEFORE before, $LOAD_AFTER after (a shared machine: other work runs beside this)"
echo "govhall: --threads $THREADS (PostgreSQL: one connection per thread), --today $TODAY, --sweep-interval 0; ${SECONDS_PER_PHASE}s per phase"
echo "SQLite: WAL, synchronous=FULL, a file in $RUN"
echo "PostgreSQL $PG_VERSION: throwaway cluster in the same directory, 127.0.0.1:$PG_PORT over TCP;"
echo "  $PG_DUR:"
echo "  every acknowledged COMMIT is on disk, durability comparable to SQLite's synchronous=FULL;"
echo "  concurrent commits share a WAL flush by themselves (like serve --group-commit on SQLite)"
echo
echo "Demo centre (govhall demo): SQLite ${R[sqlite.demo_s]} s, PostgreSQL ${R[pg.demo_s]} s"
echo
echo "Case transitions over HTTP (bench/loadgen.c, run.sh's loop: create -> accept -> start_review ->"
echo "approve per step -> complete), transitions/s; p50/p99 ms of the actions in brackets"
printf '  %-44s %12s %12s %8s %s\n' workload SQLite PostgreSQL "PG/SQ" "| SQLite in bench/README.md (2026-12-01)"
for n in $CLIENTS; do
	s=${TR[sqlite.$n]}
	p=${TR[pg.$n]}
	rowr "transitions/s, $n client(s)" "$(f1 "$(kv "$s" tps)")" "$(f1 "$(kv "$p" tps)")" "| ${REF[$n]}"
	printf '  %-44s %12s %12s\n' "  p50/p99 ms" "$(kv "$s" p50_ms)/$(kv "$s" p99_ms)" "$(kv "$p" p50_ms)/$(kv "$p" p99_ms)"
done
for n in $CLIENTS; do
	s=${TR[sqlite_gc.$n]}
	p=${TR[pg.$n]}
	rowr "transitions/s, $n, SQLite --group-commit" "$(f1 "$(kv "$s" tps)")" "$(f1 "$(kv "$p" tps)")" "| ${REF[gc$n]}"
done
echo "  errors (non-2xx in the loop), all phases: SQLite $(for n in $CLIENTS; do printf '%s ' "$(kv "${TR[sqlite.$n]}" errors)"; done)/ $(for n in $CLIENTS; do printf '%s ' "$(kv "${TR[sqlite_gc.$n]}" errors)"; done)  PostgreSQL $(for n in $CLIENTS; do printf '%s ' "$(kv "${TR[pg.$n]}" errors)"; done)"
if [ -n "$SQ_REF" ]; then
	ab_mean() { awk -v a="${1% *}" -v b="${1#* }" 'BEGIN { printf "%.1f", (a + b) / 2 }'; }
	ab_row() { # label key
		local t r
		t=$(ab_mean "${AB[this.$2]}")
		r=$(ab_mean "${AB[ref.$2]}")
		printf '  %-36s %20s %20s %8s\n' "$1" "$r (${AB[ref.$2]// /, })" "$t (${AB[this.$2]// /, })" "$(ratio "$t" "$r")"
	}
	echo
	echo "SQLite A/B in the same run: this binary against $SQ_REF ($SQ_REF_VERSION),"
	echo "each on a fresh demo centre, every phase run this, reference, reference, this; mean (the two runs)"
	printf '  %-36s %20s %20s %8s\n' workload "reference" "this" "this/ref"
	for n in $CLIENTS; do ab_row "transitions/s, $n client(s)" "plain.$n"; done
	for n in $CLIENTS; do ab_row "transitions/s, $n, --group-commit" "gc.$n"; done
	ab_row "progress req/s" progress
fi
echo
echo "Two govhall servers on the one PostgreSQL (half the clients on each, summed)"
printf '  %-44s %12s %12s %8s\n' workload "1 server" "2 servers" "2/1"
for n in 16 64; do
	rowr "transitions/s, $n clients" "$(f1 "$(kv "${TR[pg.$n]}" tps)")" "$(kv "${TWO[$n]}" tps)"
	printf '  %-44s %12s %12s\n' "  p50/p99 ms (server 1/server 2)" \
		"$(kv "${TR[pg.$n]}" p50_ms)/$(kv "${TR[pg.$n]}" p99_ms)" \
		"$(kv "${TWO[$n]}" p50_ms) / $(kv "${TWO[$n]}" p99_ms)"
	echo "    errors: $(kv "${TWO[$n]}" errors)"
done
echo "  after the run: $PG_CHECK"
echo
echo "PostgreSQL per write transaction (pg_stat_statements: statements per write, each one round trip;"
echo "txid_ms, lock_ms: mean server-side ms of the 'SELECT txid_current()' sent with BEGIN and of"
echo "pg_advisory_xact_lock, the audit chain's lock held from just before COMMIT through it; deadlocks"
echo "and errors from the server log; each deadlock waits deadlock_timeout = $(pg bench -c 'SHOW deadlock_timeout')):"
for n in $CLIENTS; do
	echo "  1 server, $n client(s):  ${R[pg.stats.$n]}"
done
for n in 16 64; do
	echo "  2 servers, $n clients:  ${R[pg2.stats.$n]}"
done
echo "  progress query (per request): ${R[pg.stats.progress]}"
echo
echo "Public progress query (wrk -t2 -c$WRK_CONNS, ${SECONDS_PER_PHASE}s, no login)"
read -r S_RPS S_P50 S_P99 S_BAD S_ERR <<<"${R[sqlite.progress]}"
read -r P_RPS P_P50 P_P99 P_BAD P_ERR <<<"${R[pg.progress]}"
rowr "progress req/s" "$(f1 "$S_RPS")" "$(f1 "$P_RPS")" "| ${REF[progress]} (d323cc0), $REF_PROGRESS_8D (8d46482)"
printf '  %-44s %12s %12s\n' "  p50/p99 ms" "$S_P50/$S_P99" "$P_P50/$P_P99"
printf '  %-44s %12s %12s\n' "  answer bytes; non-2xx; socket errors" \
	"${R[sqlite.progress_bytes]}; $S_BAD; $S_ERR" "${R[pg.progress_bytes]}; $P_BAD; $P_ERR"
printf '  %-44s %12s %12s\n' "govhall VmHWM (logins included), MiB" "$(mib "${R[sqlite.peak_kb]}")" "$(mib "${R[pg.peak_kb]}")"
echo
if [ "$DO_BOARD" = 1 ]; then
	echo "Supervision board, 1 M open of 10 M cases (bench/board_bench.c http, one keep-alive connection;"
	echo "p50 ms, p99 in brackets); the same cases on both engines"
	read -r SC SO SW _ <<<"$FP_SQ"
	read -r PC PO PW _ <<<"$FP_PG"
	echo "  cases / open / watch_counts rows: SQLite $SC / $SO / $SW, PostgreSQL $PC / $PO / $PW$([ "$FP_SQ" = "$FP_PG" ] && echo ' (same)' || echo ' (DIFFERENT)')"
	echo "  database size: SQLite $(awk -v b="${R[board.size_sq]}" 'BEGIN { printf "%.2f GiB", b / 1073741824 }'), PostgreSQL $(awk -v b="${R[board.size_pg]}" 'BEGIN { printf "%.2f GiB", b / 1073741824 }') (built in ${R[board.pg_load_s]} s: demo, COPY, backfill, indexes, VACUUM ANALYZE)"
	for w in dept clerk red; do
		s=${R[board.sqlite.$w]}
		p=${R[board.pg.$w]}
		case $w in
		dept) label="board?group=department"; ref=${REF[board_dept]} ;;
		clerk) label="board?group=clerk"; ref=${REF[board_clerk]} ;;
		red) label="cases?light=red, page 1"; ref=${REF[board_red]} ;;
		esac
		rowr "$label, p50 ms" "$(kv "$s" p50_ms)" "$(kv "$p" p50_ms)" "| $ref"
		printf '  %-44s %12s %12s\n' "  p99 ms" "$(kv "$s" p99_ms)" "$(kv "$p" p99_ms)"
	done
	echo "  the department board answers the same on both engines: ${R[board.same]}"
	printf '  %-44s %12s %12s\n' "govhall peak RSS, MiB" "$(mib "${R[board.sqlite.peak_kb]}")" "$(mib "${R[board.pg.peak_kb]}")"
else
	echo "Supervision board at 10 M cases: $BOARD_NOTE"
fi
echo
echo "Summary: transitions PG/SQLite at 1/16/64 clients $(for n in $CLIENTS; do printf '%s ' "$(ratio "$(kv "${TR[pg.$n]}" tps)" "$(kv "${TR[sqlite.$n]}" tps)")"; done)(vs --group-commit $(for n in $CLIENTS; do printf '%s ' "$(ratio "$(kv "${TR[pg.$n]}" tps)" "$(kv "${TR[sqlite_gc.$n]}" tps)")"; done)) | two PG servers / one at 16/64: $(for n in 16 64; do printf '%s ' "$(ratio "$(kv "${TWO[$n]}" tps)" "$(kv "${TR[pg.$n]}" tps)")"; done)| progress PG/SQLite $(ratio "$P_RPS" "$S_RPS")$([ "$DO_BOARD" = 1 ] && echo " | board (department) PG/SQLite $(ratio "$(kv "${R[board.pg.dept]}" p50_ms)" "$(kv "${R[board.sqlite.dept]}" p50_ms)")")"
echo "SQLite this run vs bench/README.md (2026-12-01): transitions $(for n in $CLIENTS; do printf '%s/%s ' "$(f1 "$(kv "${TR[sqlite.$n]}" tps)")" "${REF[$n]}"; done)| group commit $(for n in $CLIENTS; do printf '%s/%s ' "$(f1 "$(kv "${TR[sqlite_gc.$n]}" tps)")" "${REF[gc$n]}"; done)| progress $(f1 "$S_RPS")/${REF[progress]}"
echo "whole run $(($(date +%s) - T_START)) s; figures from a shared 2-core machine are noisy: compare runs, not digits."
}

#!/bin/sh
# bench/soak.sh - the documented soak of issue 8: mixed reads and writes
# from hundreds of connections for at least 5 minutes against one govhall
# serve, asserting the WAL bound, 0 5xx, a stable read p99 and flat RSS and
# descriptors (tests/api/test_wal_bound.py, with longer settings).  Prints
# the figures.  Settings: SOAK_SECONDS (300), SOAK_READERS (200),
# SOAK_WRITERS (20), SOAK_WAL_MIB (16), GOVHALL (build/govhall).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GOVHALL=${GOVHALL:-$ROOT/build/govhall}
if [ ! -x "$GOVHALL" ]; then
	cmake -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build "$ROOT/build" -j "$(nproc)" >/dev/null
fi
GOVHALL_BIN=$GOVHALL GH_SOURCE_DIR=$ROOT \
GH_SOAK_SECONDS=${SOAK_SECONDS:-300} GH_SOAK_READERS=${SOAK_READERS:-200} \
GH_SOAK_WRITERS=${SOAK_WRITERS:-20} GH_SOAK_WAL_MIB=${SOAK_WAL_MIB:-16} \
	exec python3 "$ROOT/tests/api/test_wal_bound.py" -v

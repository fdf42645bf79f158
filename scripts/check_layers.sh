#!/bin/sh
# Fails when an include points up the layers of STYLE.md ("dependencies
# point downward only"):
#   src/main.c -> src/api -> src/service -> src/notify -> src/store -> src/domain
# (src/http sits beside src/api, under main.c; src/util is below everything).
#   - src/service, src/notify, src/store, src/domain and src/export include
#     no api/ or http/ header;
#   - src/store, src/notify, src/domain and src/export include no service/
#     header;
#   - src/domain includes no store/ or notify/ header;
#   - src/http includes no api/ or service/ header, src/util only util/;
#   - a file of src/api includes no other api/ header than api/api.h (the
#     resource files share that one header and nothing private of each
#     other), and no .c file;
#   - a file of src/api never opens, commits or rolls back a transaction
#     (store_begin, store_commit, store_rollback): a handler parses,
#     authorises, calls one service function and replies, and the service
#     owns the transaction (issue 9).  The one exception is listed in
#     tx_exceptions below, with its reason.
set -eu
cd "$(dirname "$0")/.."

fail=0
inc='^[[:space:]]*#[[:space:]]*include[[:space:]]*"'

# check DIRS PATTERN WHY: every include of PATTERN under DIRS is an error.
check() {
	dirs=$1 pattern=$2 why=$3
	if hits=$(grep -rnE "$inc($pattern)" $dirs --include='*.c' \
	    --include='*.h'); then
		printf '%s\n' "$hits" >&2
		echo "check_layers: $why" >&2
		fail=1
	fi
}

check "src/service src/notify src/store src/domain src/export" 'api/|http/' \
    "below the handlers: no api/ or http/ header"
check "src/store src/notify src/domain src/export" 'service/' \
    "below the services: no service/ header"
check "src/domain" 'store/|notify/' \
    "the domain is pure: no store/ or notify/ header"
check "src/http" 'api/|service/' \
    "the HTTP layer serves any route table: no api/ or service/ header"
check "src/util" 'api/|http/|service/|notify/|store/|domain/|export/' \
    "util is below everything: only util/ headers"
# Anything of api/ but api/api.h.
if hits=$(grep -rnE "$inc"'api/' src/api --include='*.c' --include='*.h' |
    grep -vE '#[[:space:]]*include[[:space:]]*"api/api\.h"'); then
	printf '%s\n' "$hits" >&2
	echo "check_layers: a resource file includes only api/api.h of src/api" >&2
	fail=1
fi
check "src" '[^"]*\.c"' "no .c file is included"

# Transactions belong to src/service: no handler opens or ends one
# (exceptions, by file, would be listed here; there are none).
tx_exceptions=''
if hits=$(grep -rnE '\<store_(begin|commit|rollback)[[:space:]]*\(' src/api \
    --include='*.c' --include='*.h'); then
	for f in $tx_exceptions; do
		hits=$(printf '%s\n' "$hits" | grep -v "^$f:" || true)
	done
	if [ -n "$hits" ]; then
		printf '%s\n' "$hits" >&2
		echo "check_layers: src/api opens or ends no transaction: a service" \
		    "function does (src/service/)" >&2
		fail=1
	fi
fi

if [ "$fail" -ne 0 ]; then
	exit 1
fi
echo "check_layers: ok"

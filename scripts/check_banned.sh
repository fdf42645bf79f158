#!/bin/sh
# Fails when the C sources call a function the house style bans.
set -eu
cd "$(dirname "$0")/.."
if grep -rnE '\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|system|popen)[[:space:]]*\(' \
	src tests --include='*.c' --include='*.h' | grep -vE '(snprintf|vsnprintf)'; then
	echo "banned functions used (see shared STYLE: use snprintf, strtol, ...)" >&2
	exit 1
fi
echo "check_banned: ok"

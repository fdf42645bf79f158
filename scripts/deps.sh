#!/bin/sh
# Installs what govhall needs to build, test and run on Debian 12, and only
# what is missing.  Safe to run again; needs root (or sudo) for apt-get.
set -eu

PKGS="build-essential cmake pkg-config clang python3 python3-yaml python3-jsonschema sqlite3 tzdata
libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev libcmocka-dev
libcurl4-openssl-dev libpwquality-dev cracklib-runtime libmagic-dev libmagic-mgc"
# PostgreSQL 15 (issue 9): libpq-dev to build the driver, the server and psql
# for the tests, which initdb and start their own throwaway cluster from
# /usr/lib/postgresql/15/bin (tests/api/pgserver.py).  The cluster and the
# service that the package's postinst may set up are never used.
PKGS="$PKGS postgresql postgresql-client libpq-dev"
# Notices and receipts as PDF (issue 10 section 5): cairo + pango render
# Simplified Chinese with the Noto CJK fonts, libqrencode draws the receipt's
# QR code (build and runtime); poppler-utils (pdftotext, pdftoppm) and
# zbar-tools (zbarimg) read the PDFs back in the tests.
PKGS="$PKGS libcairo2-dev libpango1.0-dev libqrencode-dev fonts-noto-cjk poppler-utils zbar-tools"
[ "${GH_BENCH:-0}" = 1 ] && PKGS="$PKGS wrk nginx-light libzdb-dev"
# The web UI (web/) is built with Node.js and npm: Debian's when no node is
# installed (Debian 12 has Node 18; the build supports Node 18 and newer).
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
# Browser tests (tests/e2e) drive Debian's chromium headless; CJK fonts make
# the screenshots readable.  Only for `make test` (GH_E2E=1).
[ "${GH_E2E:-0}" = 1 ] && PKGS="$PKGS chromium fonts-noto-cjk"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi

#!/usr/bin/env bash
# Provides versitygw, a real S3 server with a POSIX backend, and prints the directory that holds
# it (the only line on stdout). Progress goes to stderr. The end-to-end tests use it as the
# shared `s3://` state backend and audit sink of a team (`versitygw --access K --secret S
# --port 127.0.0.1:<port> posix <dir>`, each sub-directory of <dir> a bucket).
#
# Why a build: versitygw is a single Go program (github.com/versity/versitygw, Apache-2.0) and
# only the Go module proxy is reachable here, so it is built from its module in a throwaway
# module, like the Pulumi CLI in scripts/pulumi-cli.sh. The result is verified, then moved into
# the cache in one rename under a lock, so an interrupted build never leaves anything that a
# later run would trust, and a second caller waits for the first build instead of repeating it.
#
# Usage: scripts/versitygw.sh                 -> v1.8.0
#        VERSITYGW_VERSION=1.8.0 scripts/versitygw.sh
# Cache: $VERSITYGW_CACHE (default ~/.cache/pulumi-cxone-webchat/versitygw)/v<version>/bin
set -euo pipefail

readonly PKG=github.com/versity/versitygw/cmd/versitygw
readonly MODULE=github.com/versity/versitygw
readonly PROGRESS_EVERY=15

log() { printf '[versitygw] %s\n' "$*" >&2; }
elapsed() { local s=$(( $(date +%s) - $1 )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

version=${VERSITYGW_VERSION:-1.8.0}
version=${version#v}

# `versitygw --version` prints "Version  : v1.8.0" among other lines. Read whole before grep:
# `grep -q` stops at the first match, and with pipefail the writer's SIGPIPE would fail the check.
reports_version() {
  local out
  out=$("$1" --version 2>/dev/null) || return 1
  grep -Eq "^Version[[:space:]]*:[[:space:]]*v?$version\$" <<<"$out"
}

# A versitygw on PATH at the wanted version is used as it is.
if existing=$(command -v versitygw 2>/dev/null) && reports_version "$existing"; then
  log "using versitygw v$version already on PATH ($existing)"
  dirname "$(readlink -f "$existing")"; exit 0
fi

cache=${VERSITYGW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cxone-webchat/versitygw}
bindir="$cache/v$version/bin"
mkdir -p "$bindir"
# One builder per cache at a time: a second caller waits, then finds the result cached.
exec 9>"$cache/.lock"
flock 9

if [ -x "$bindir/versitygw" ] && reports_version "$bindir/versitygw"; then
  log "versitygw v$version ready at $bindir"
  echo "$bindir"; exit 0
fi

start=$(date +%s)
build_log=$(mktemp)
partial="$bindir/.versitygw.partial"
(
  set -euo pipefail
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  cd "$work"
  export GOFLAGS="${GOFLAGS:-} -mod=mod"
  go mod init versitygw-build
  go mod edit -require="$MODULE@v$version"
  # The version is stamped the way versitygw's own Makefile does, so --version can verify it.
  go build -trimpath -ldflags "-s -w -X main.Version=v$version" -o "$partial" "$PKG"
) >"$build_log" 2>&1 &
pid=$!
log "building versitygw v$version from Go modules (the first build takes several minutes)"

last=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  sleep 1
  if [ $(( $(date +%s) - last )) -ge $PROGRESS_EVERY ]; then
    last=$(date +%s)
    log "still building versitygw v$version ($(elapsed "$start") so far)"
  fi
done
if ! wait "$pid"; then
  log "building versitygw v$version failed; the end of its log:"
  tail -n 25 "$build_log" >&2
  rm -f "$build_log" "$partial"
  exit 1
fi
rm -f "$build_log"
reports_version "$partial" || {
  log "the built versitygw does not report v$version: $("$partial" --version 2>&1 | head -n 3 | tr '\n' ' ')"
  rm -f "$partial"; exit 1
}
mv "$partial" "$bindir/versitygw"
log "built versitygw v$version in $(elapsed "$start") ($(du -h "$bindir/versitygw" | cut -f1)), ready at $bindir"
echo "$bindir"

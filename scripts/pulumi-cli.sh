#!/usr/bin/env bash
# Provides a Pulumi CLI that can run this repository's `runtime: nodejs` projects, and prints the
# directory that holds it (the only line on stdout). Progress goes to stderr.
#
# The directory has the layout of a standard Pulumi installation: `pulumi`, and beside it the
# Node.js language host `pulumi-language-nodejs` and the dynamic-provider plugin
# `pulumi-resource-pulumi-nodejs`. The CLI treats those two as bundled plugins and finds them
# next to its own executable, so it prints no "using ... from $PATH" warning. A CLI built here
# also gets the analyzer plugin that runs the policy pack in policy-pack/shim, installed into
# PULUMI_HOME (default ~/.pulumi).
#
# Why a build: the CLI is not installed on these machines, and the `pulumi` npm package
# downloads a prebuilt binary from the internet, which is unreachable here. The Go module proxy
# is reachable, so both Go programs are built from their modules:
#   - the CLI from github.com/pulumi/pulumi/pkg/v3 at the version of the installed
#     @pulumi/pulumi SDK (the engine should not be older than the SDK);
#   - the language host from github.com/pulumi/pulumi/sdk/v3 at v3.68.0, the last release whose
#     sdk module still contains it (its own module path is not served here). The README says
#     what this older host lacks and what the engine does then.
# The two builds run concurrently. Each result is verified, then moved into the cache in one
# rename, so an interrupted build never leaves anything that a later run would trust.
#
# Usage: scripts/pulumi-cli.sh            -> the version of the installed @pulumi/pulumi SDK
#        PULUMI_VERSION=3.248.0 scripts/pulumi-cli.sh
# Cache: $PULUMI_CLI_CACHE (default ~/.cache/pulumi-cxone-webchat/pulumi-cli)/v<version>/bin
set -euo pipefail

readonly LANGUAGE_HOST_SDK_VERSION=3.68.0
readonly LANGUAGE_HOST_PKG=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
readonly PROGRESS_EVERY=15
readonly POLICY_SHIM=policy-nodejsshim
readonly POLICY_SHIM_VERSION=1.0.0

log() { printf '[pulumi-cli] %s\n' "$*" >&2; }
elapsed() { local s=$(( $(date +%s) - $1 )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sdk_dir="$root/node_modules/@pulumi/pulumi"

version=${PULUMI_VERSION:-}
if [ -z "$version" ]; then
  [ -f "$sdk_dir/package.json" ] || { log "no PULUMI_VERSION and $sdk_dir is missing: run 'npm ci' first"; exit 1; }
  version=$(node -p "require('$sdk_dir/package.json').version")
fi
version=${version#v}
sdk_minor=$(echo "$version" | cut -d. -f2)

# A standard installation on PATH is used as it is: a v3 CLI not older than the SDK (the CLI is
# backwards compatible with older SDKs, not the other way round), with its language host.
if existing=$(command -v pulumi 2>/dev/null); then
  have=$(pulumi version 2>/dev/null || true); have=${have#v}
  existing_dir=$(dirname "$(readlink -f "$existing")")
  if [ "$(echo "$have" | cut -d. -f1)" = 3 ] && [ "$(echo "$have" | cut -d. -f2)" -ge "$sdk_minor" ] 2>/dev/null; then
    if [ -x "$existing_dir/pulumi-language-nodejs" ] || command -v pulumi-language-nodejs >/dev/null 2>&1; then
      log "using pulumi v$have already on PATH ($existing)"
      echo "$existing_dir"; exit 0
    fi
    log "pulumi v$have on PATH has no pulumi-language-nodejs beside it; providing one that has"
  fi
fi

cache=${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cxone-webchat/pulumi-cli}
bindir="$cache/v$version/bin"
mkdir -p "$bindir"
# One builder per cache at a time: a second caller waits, then finds the result cached.
exec 9>"$cache/.lock"
flock 9

cli_ok() { [ -x "$bindir/pulumi" ] && [ "$("$bindir/pulumi" version 2>/dev/null)" = "v$version" ]; }
host_ok() {
  [ -x "$bindir/pulumi-language-nodejs" ] &&
    [ "$(cat "$bindir/pulumi-language-nodejs.version" 2>/dev/null)" = "v$LANGUAGE_HOST_SDK_VERSION" ]
}

# Builds package $2 from a throwaway module that requires $3 (and, for the CLI, the forks that
# pkg's go.mod pins), into the file $1. Output goes to the log file $4.
go_build() {
  local out=$1 pkg=$2 requires=$3 log_file=$4 ldflags=$5
  (
    set -euo pipefail
    work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
    cd "$work"
    export GOFLAGS="${GOFLAGS:-} -mod=mod"
    # The checksum database reachable here has no entries for pulumi's own modules (404); skip
    # it for those only, and keep verifying every third-party dependency.
    export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi"
    go mod init pulumi-build
    for r in $requires; do go mod edit -require="$r"; done
    if [ "$pkg" = github.com/pulumi/pulumi/pkg/v3/cmd/pulumi ]; then
      # pkg's go.mod replaces sdk with ../sdk (a local path, dropped: sdk is required at the
      # same version instead) and pins some forks (kept: without them the build picks other code).
      pkg_mod=$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$version" |
        node -e 'const j = JSON.parse(require("fs").readFileSync(0, "utf8"));
                 if (j.Error) { console.error(j.Error); process.exit(1); }
                 process.stdout.write(j.GoMod)')
      go mod edit -json "$pkg_mod" | node -e '
        const mod = JSON.parse(require("fs").readFileSync(0, "utf8"));
        for (const r of mod.Replace ?? []) {
          if (!r.New.Version) continue;
          const from = r.Old.Version ? `${r.Old.Path}@${r.Old.Version}` : r.Old.Path;
          console.log(`-replace=${from}=${r.New.Path}@${r.New.Version}`);
        }' | xargs -r go mod edit
    fi
    go build -trimpath -ldflags "-s -w $ldflags" -o "$out" "$pkg"
  ) >"$log_file" 2>&1
}

start=$(date +%s)
declare -A pids=() logs=()
version_flag="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"
if ! cli_ok; then
  logs[cli]=$(mktemp)
  go_build "$bindir/.pulumi.partial" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
    "github.com/pulumi/pulumi/pkg/v3@v$version github.com/pulumi/pulumi/sdk/v3@v$version" \
    "${logs[cli]}" "$version_flag=v$version" &
  pids[cli]=$!
  log "building pulumi v$version from Go modules (the first build takes several minutes)"
fi
if ! host_ok; then
  logs[host]=$(mktemp)
  go_build "$bindir/.pulumi-language-nodejs.partial" "$LANGUAGE_HOST_PKG" \
    "github.com/pulumi/pulumi/sdk/v3@v$LANGUAGE_HOST_SDK_VERSION" \
    "${logs[host]}" "$version_flag=v$LANGUAGE_HOST_SDK_VERSION" &
  pids[host]=$!
  log "building pulumi-language-nodejs from sdk/v3@v$LANGUAGE_HOST_SDK_VERSION, concurrently"
fi

names() { case $1 in cli) echo "pulumi v$version" ;; host) echo "pulumi-language-nodejs" ;; esac; }
failed=0
last=$(date +%s)
while [ ${#pids[@]} -gt 0 ]; do
  for job in "${!pids[@]}"; do
    kill -0 "${pids[$job]}" 2>/dev/null && continue
    if wait "${pids[$job]}"; then
      log "built $(names "$job") in $(elapsed "$start")"
    else
      log "building $(names "$job") failed; the end of its log:"
      tail -n 25 "${logs[$job]}" >&2
      failed=1
    fi
    rm -f "${logs[$job]}"
    unset "pids[$job]"
  done
  if [ ${#pids[@]} -gt 0 ]; then
    sleep 1
    if [ $(( $(date +%s) - last )) -ge $PROGRESS_EVERY ]; then
      last=$(date +%s)
      running=""; for job in "${!pids[@]}"; do running="$running, $(names "$job")"; done
      log "still building ${running#, } ($(elapsed "$start") so far)"
    fi
  fi
done
[ "$failed" = 0 ] || { rm -f "$bindir"/.*.partial; exit 1; }

if [ -f "$bindir/.pulumi.partial" ]; then
  mv "$bindir/.pulumi.partial" "$bindir/pulumi"
fi
if [ -f "$bindir/.pulumi-language-nodejs.partial" ]; then
  mv "$bindir/.pulumi-language-nodejs.partial" "$bindir/pulumi-language-nodejs"
  echo "v$LANGUAGE_HOST_SDK_VERSION" >"$bindir/pulumi-language-nodejs.version"
fi
cli_ok || { log "$bindir/pulumi does not report v$version"; exit 1; }
host_ok || { log "$bindir/pulumi-language-nodejs is missing"; exit 1; }

# The dynamic-provider plugin is a small script that ships with the SDK (and, in a standard
# installation, beside the CLI); it runs the project's own @pulumi/pulumi. Copied, not linked,
# because the cache is shared by every clone of the repository.
plugin="$sdk_dir/pulumi-resource-pulumi-nodejs"
if [ -f "$plugin" ] && { [ -L "$bindir/pulumi-resource-pulumi-nodejs" ] ||
  ! cmp -s "$plugin" "$bindir/pulumi-resource-pulumi-nodejs"; }; then
  cp "$plugin" "$bindir/.plugin.partial" && chmod +x "$bindir/.plugin.partial"
  mv "$bindir/.plugin.partial" "$bindir/pulumi-resource-pulumi-nodejs"
fi
[ -x "$bindir/pulumi-resource-pulumi-nodejs" ] || { log "no pulumi-resource-pulumi-nodejs: run 'npm ci' first"; exit 1; }
# Policy packs: the v3.68 host cannot run a Node.js pack (it has no RunPlugin), so the CLI runs
# policy-pack/shim (runtime nodejsshim) through the analyzer plugin of that name. It is installed
# as a plugin into PULUMI_HOME, not put beside the CLI: only language hosts and the
# dynamic-provider plugin count as bundled, and any other plugin found on PATH makes the CLI warn
# "using ... from $PATH" on every run. Reinstalled only when the script changed.
home=${PULUMI_HOME:-$HOME/.pulumi}
installed="$home/plugins/analyzer-$POLICY_SHIM-v$POLICY_SHIM_VERSION/pulumi-analyzer-$POLICY_SHIM"
if ! cmp -s "$root/policy-pack/shim/pulumi-analyzer-$POLICY_SHIM" "$installed"; then
  PULUMI_HOME=$home PULUMI_SKIP_UPDATE_CHECK=true "$bindir/pulumi" plugin install analyzer \
    "$POLICY_SHIM" "$POLICY_SHIM_VERSION" --file "$root/policy-pack/shim/pulumi-analyzer-$POLICY_SHIM" \
    --reinstall >&2 || { log "installing the policy-pack analyzer shim into $home failed"; exit 1; }
  log "installed the policy-pack analyzer shim ($POLICY_SHIM) into $home"
fi
log "pulumi v$version with pulumi-language-nodejs (sdk v$LANGUAGE_HOST_SDK_VERSION) ready at $bindir"
echo "$bindir"

#!/usr/bin/env bash
# Provides a Pulumi CLI built from its Go modules, cached by version, and prints the directory
# that holds it (the only line on stdout). Progress goes to stderr.
#
# Why a build: the CLI is not installed on these machines and the `pulumi` npm package downloads
# a prebuilt binary from the internet, which is unreachable here. The Go module proxy is.
#
# Usage: scripts/pulumi-cli.sh            -> version of the installed @pulumi/pulumi SDK
#        PULUMI_VERSION=3.248.0 scripts/pulumi-cli.sh
# Cache: $PULUMI_CLI_CACHE (default ~/.cache/pulumi-cxone-webchat/pulumi-cli)/v<version>/bin
set -euo pipefail

log() { printf '[pulumi-cli] %s\n' "$*" >&2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

version=${PULUMI_VERSION:-}
if [ -z "$version" ]; then
  sdk_pkg="$root/node_modules/@pulumi/pulumi/package.json"
  [ -f "$sdk_pkg" ] || { log "no PULUMI_VERSION and $sdk_pkg is missing: run 'npm ci' first"; exit 1; }
  version=$(node -p "require('$sdk_pkg').version")
fi
version=${version#v}
sdk_minor=$(echo "$version" | cut -d. -f2)

# A pulumi already on PATH is used as it is when it is v3 and not older than the SDK: the CLI is
# backwards compatible with older SDKs, not the other way round.
if existing=$(command -v pulumi 2>/dev/null); then
  have=$(pulumi version 2>/dev/null || true); have=${have#v}
  if [ "$(echo "$have" | cut -d. -f1)" = 3 ] && [ "$(echo "$have" | cut -d. -f2)" -ge "$sdk_minor" ] 2>/dev/null; then
    log "using pulumi v$have already on PATH ($existing)"
    bindir=$(dirname "$existing")
    plugin="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
    if [ -f "$plugin" ] && ! command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then
      log "note: pulumi-resource-pulumi-nodejs is not on PATH; dynamic providers need it"
    fi
    echo "$bindir"; exit 0
  fi
fi

cache=${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cxone-webchat/pulumi-cli}
bindir="$cache/v$version/bin"
if [ -x "$bindir/pulumi" ] && [ "$("$bindir/pulumi" version 2>/dev/null)" = "v$version" ]; then
  log "cached pulumi v$version at $bindir"
else
  command -v go >/dev/null || { log "go is required to build the Pulumi CLI"; exit 1; }
  start=$(date +%s)
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  export GOFLAGS="${GOFLAGS:-} -mod=mod"
  # The checksum database reachable here has no entries for pulumi's own modules (404); skip it
  # for those only, and keep verifying every third-party dependency.
  export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/pulumi/pulumi"
  log "building pulumi v$version from Go modules (first build takes several minutes)"
  (
    cd "$work"
    go mod init pulumi-cli-build >/dev/null 2>&1
    go mod edit -require="github.com/pulumi/pulumi/pkg/v3@v$version" \
                -require="github.com/pulumi/pulumi/sdk/v3@v$version"
    # pkg's go.mod replaces sdk with ../sdk (local, dropped here: sdk is required at the same
    # version instead) and pins some forks (kept: without them the build picks other code).
    pkg_mod=$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$version" \
      | node -e 'const j = JSON.parse(require("fs").readFileSync(0, "utf8"));
                 if (j.Error) { console.error(j.Error); process.exit(1); }
                 process.stdout.write(j.GoMod)')
    go mod edit -json "$pkg_mod" | node -e '
      const mod = JSON.parse(require("fs").readFileSync(0, "utf8"));
      for (const r of mod.Replace ?? []) {
        if (!r.New.Version) continue; // local path replace
        const from = r.Old.Version ? `${r.Old.Path}@${r.Old.Version}` : r.Old.Path;
        console.log(`-replace=${from}=${r.New.Path}@${r.New.Version}`);
      }' | xargs -r go mod edit
    go build -trimpath \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
      -o "$work/out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  ) >&2
  mkdir -p "$bindir"
  mv "$work/out/pulumi" "$bindir/pulumi"
  log "built pulumi v$version in $(( $(date +%s) - start ))s"
fi

# The Node.js language host has no tags of its own; it is published only as a pseudo-version of
# the pkg/v<version> commit. Where the module proxy does not serve it, project-directory
# `pulumi up` is unavailable, and programs run as inline Automation API programs, which need no
# language host.
if [ ! -x "$bindir/pulumi-language-nodejs" ] && [ ! -f "$bindir/.no-language-host" ]; then
  lh_mod=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
  commit_info=$(cd /tmp && go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$version" \
    | node -e 'const j=JSON.parse(require("fs").readFileSync(0,"utf8")); const i=JSON.parse(require("fs").readFileSync(j.Info,"utf8"));
      const d=new Date(i.Time), p=n=>String(n).padStart(2,"0");
      process.stdout.write(`v3.0.0-${d.getUTCFullYear()}${p(d.getUTCMonth()+1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}-${i.Origin.Hash.slice(0,12)}`)')
  lh_work=$(mktemp -d)
  if (cd "$lh_work" && go mod init lh-build >/dev/null 2>&1 \
      && GOFLAGS="${GOFLAGS:-} -mod=mod" go get "$lh_mod@$commit_info" >/dev/null 2>&1 \
      && GOFLAGS="${GOFLAGS:-} -mod=mod" go build -trimpath -ldflags "-s -w" -o "$bindir/pulumi-language-nodejs" "$lh_mod") 2>/dev/null; then
    log "built pulumi-language-nodejs at $commit_info"
  else
    log "the module proxy does not serve $lh_mod@$commit_info; inline Automation API programs only"
    touch "$bindir/.no-language-host"
  fi
  rm -rf "$lh_work"
fi

# The dynamic-provider plugin is a script inside the @pulumi/pulumi package; the engine finds it
# on PATH next to the CLI.
plugin="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
if [ -f "$plugin" ]; then
  ln -sf "$plugin" "$bindir/pulumi-resource-pulumi-nodejs"
fi
echo "$bindir"

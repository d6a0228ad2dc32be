#!/usr/bin/env bash
# The one place that gets the `pulumi` CLI for .ci/run, the tests, the demo and the bench.
#
#   scripts/pulumi-cli.sh [--min X.Y.Z] [--no-build]
#
# Prints, as the last line on stdout, a folder to put first on PATH: it holds `pulumi` and the plugins this
# project's programs need. Progress goes to stderr. In order:
#   1. PULUMI_ALTCRAFT_CLI_DIR, when set (a folder holding `pulumi`);
#   2. a `pulumi` already on PATH of at least --min (default 3.139.0, the floor for stack config to reach the provider);
#   3. the cached build for the pinned version, when complete;
#   4. a build from Pulumi's published Go modules, when `go` is on PATH (not with --no-build).
# Exits 3 with what to install when none of these can be had.
#
# The pinned version is the one the wrapper module scripts/pulumi-cli/go.mod requires; a test keeps it equal to the
# @pulumi/pulumi devDependency. The cache is ${PULUMI_ALTCRAFT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-altcraft}/
# pulumi-v<version>/bin, outside any checkout, reused while complete, and a new folder when the pin changes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
module="$here/pulumi-cli"
min="3.139.0"
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --min) min="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pulumi-cli: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

log() { echo "pulumi-cli: $*" >&2; }
version="$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { sub(/^v/, "", $2); print $2 }' "$module/go.mod")"
[ -n "$version" ] || { log "no github.com/pulumi/pulumi/pkg/v3 requirement in $module/go.mod"; exit 2; }

# `pulumi version` prints v3.276.0; a version at least $2?
at_least() { [ "$(printf '%s\n%s\n' "$2" "${1#v}" | sort -V | head -n 1)" = "$2" ]; }

if [ -n "${PULUMI_ALTCRAFT_CLI_DIR:-}" ]; then
  [ -x "$PULUMI_ALTCRAFT_CLI_DIR/pulumi" ] || { log "PULUMI_ALTCRAFT_CLI_DIR=$PULUMI_ALTCRAFT_CLI_DIR holds no pulumi"; exit 3; }
  log "using PULUMI_ALTCRAFT_CLI_DIR: $("$PULUMI_ALTCRAFT_CLI_DIR/pulumi" version)"
  echo "$PULUMI_ALTCRAFT_CLI_DIR"
  exit 0
fi

if on_path="$(command -v pulumi 2>/dev/null)"; then
  found="$(PULUMI_SKIP_UPDATE_CHECK=true pulumi version 2>/dev/null || true)"
  if [ -n "$found" ] && at_least "$found" "$min"; then
    log "using pulumi $found on PATH ($on_path)"
    dirname "$on_path"
    exit 0
  fi
  log "pulumi on PATH ($on_path) is ${found:-of no version}, older than $min: not used"
fi

cache_root="${PULUMI_ALTCRAFT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-altcraft}"
cache="$cache_root/pulumi-v$version"
bin="$cache/bin"
complete() { [ -f "$cache/complete" ] && [ "$(cat "$cache/complete")" = "v$version" ] && [ -x "$bin/pulumi" ]; }

if complete; then
  log "using the cached build of pulumi v$version ($bin)"
  echo "$bin"
  exit 0
fi
if [ "$build" = 0 ]; then
  log "no pulumi of at least $min on PATH and no cached build of v$version in $cache"
  exit 3
fi
if ! command -v go >/dev/null 2>&1; then
  log "no pulumi of at least $min on PATH, no cached build, and no Go to build one."
  log "Install the Pulumi CLI (https://www.pulumi.com/docs/install/) or Go 1.26+ (https://go.dev/dl/), then run this again."
  exit 3
fi

mkdir -p "$cache"
# One build at a time per cache (test processes may ask together); the others wait, then find it complete.
exec 9>"$cache/.lock"
flock 9
if complete; then
  echo "$bin"
  exit 0
fi
rm -rf "$bin" "$cache/complete"
mkdir -p "$bin"
log "building pulumi v$version from its Go modules into $bin (cold: 8 to 12 min and 3.5 GB of Go caches on 2 cores; then cached)"
start=$SECONDS
# The CLI and its version stamp (without it `pulumi version` is empty and the Automation API refuses the binary).
# Built from the wrapper module: `go install …/cmd/pulumi@v…` refuses pkg's own replace lines.
(cd "$module" && CGO_ENABLED=0 go build -mod=readonly -trimpath \
  -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
  -o "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >&2
built="$("$bin/pulumi" version)"
[ "$built" = "v$version" ] || { log "the build says its version is '$built', not v$version"; exit 1; }
# The plugin the published installs carry beside `pulumi` for dynamic providers: the shim @pulumi/pulumi ships.
cat > "$bin/pulumi-resource-pulumi-nodejs" <<'SHIM'
#!/bin/sh
# The shim @pulumi/pulumi ships (node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs): the dynamic-provider host
# of the program's own @pulumi/pulumi, resolved from the program's folder.
entry=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))") || exit 1
exec node "$entry" "$@"
SHIM
chmod +x "$bin/pulumi-resource-pulumi-nodejs"
echo "v$version" > "$cache/complete"
log "built pulumi $built in $((SECONDS - start)) s; $(du -sh "$cache" | cut -f1) in $cache"
echo "$bin"

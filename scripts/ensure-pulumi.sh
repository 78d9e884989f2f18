#!/usr/bin/env bash
# Makes the real Pulumi CLI available and prints the folder that holds it (and its plugins).
#
# Order, as a user's machine would do it:
#   1. a `pulumi` already on PATH;
#   2. the official installer, when get.pulumi.com answers;
#   3. a build from the Go module proxy (for machines that reach only package registries).
# Everything is version-matched to the @pulumi/pulumi that npm installed, and cached outside the
# repository in $PULUMI_VOICEAI_CACHE (default ~/.cache/pulumi-voiceai), keyed by version.
#
# Progress goes to stderr; stdout carries only the bin folder, so callers can do
#   bin=$(scripts/ensure-pulumi.sh)
set -euo pipefail

log() { printf '[ensure-pulumi] %s\n' "$*" >&2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sdk_pkg="$repo/node_modules/@pulumi/pulumi/package.json"
if [ -z "${PULUMI_VERSION:-}" ]; then
  [ -f "$sdk_pkg" ] || { log "run 'npm ci' first: $sdk_pkg is missing"; exit 1; }
  PULUMI_VERSION=$(node -p "require('$sdk_pkg').version")
fi
version=$PULUMI_VERSION
cache=${PULUMI_VOICEAI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-voiceai}
bin="$cache/pulumi-v$version/bin"

# Copies an executable into place only when it differs, through a temporary file and a rename:
# concurrent pulumi runs may be executing the old copy ("text file busy" for an in-place write).
install_exe() {
  local src=$1 dst=$2 tmp
  cmp -s "$src" "$dst" && return 0
  tmp=$(mktemp "$(dirname "$dst")/.install.XXXXXX")
  cp "$src" "$tmp" && chmod +x "$tmp" && mv -f "$tmp" "$dst"
}

# The dynamic-provider plugin ships inside @pulumi/pulumi; the CLI looks for it beside itself.
link_dynamic_plugin() {
  local dir=$1 src="$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ -f "$src" ]; then install_exe "$src" "$dir/pulumi-resource-pulumi-nodejs"; fi
  # The fallback language host is a file of this repository: keep the copy current.
  if [ -f "$dir/.fallback-language-host" ]; then
    install_exe "$repo/scripts/pulumi-language-nodejs.js" "$dir/pulumi-language-nodejs"
  fi
}

# 0. Already provisioned for this version.
if [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ]; then
  link_dynamic_plugin "$bin"
  echo "$bin"; exit 0
fi

# 1. A pulumi on PATH (a user's normal install brings its own plugins).
if [ -z "${PULUMI_VOICEAI_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
  dir=$(dirname "$(readlink -f "$(command -v pulumi)")")
  have=$(pulumi version 2>/dev/null | tr -d 'v' || true)
  [ "$have" = "$version" ] || log "note: pulumi on PATH is v$have, @pulumi/pulumi is v$version"
  echo "$dir"; exit 0
fi

mkdir -p "$cache"
# Only one provisioning at a time (parallel test workers, a demo and a test run).
exec 9>"$cache/.lock"
flock 9
if [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ]; then
  link_dynamic_plugin "$bin"; echo "$bin"; exit 0
fi

# 2. The official installer, only if Pulumi's servers answer quickly.
if [ -z "${PULUMI_VOICEAI_FORCE_BUILD:-}" ] &&
   curl -fsS --connect-timeout 5 --max-time 10 -o "$cache/install.sh" https://get.pulumi.com 2>/dev/null; then
  log "installing Pulumi v$version with the official installer"
  root="$cache/pulumi-v$version"
  if sh "$cache/install.sh" --version "$version" --install-root "$root" --no-edit-path >&2; then
    link_dynamic_plugin "$bin"; echo "$bin"; exit 0
  fi
  log "the official installer failed; building from the Go module proxy instead"
fi

# 3. Build from the Go module proxy.
command -v go >/dev/null 2>&1 || { log "no pulumi, no network to Pulumi, and no Go toolchain to build it"; exit 1; }
log "building Pulumi v$version from the Go module proxy (a cold build takes many minutes; later ones use Go's caches)"
start=$(date +%s)
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The proxy's checksum database does not serve every Pulumi release; go.sum still pins every dependency.
export GONOSUMDB=github.com/pulumi/pulumi GOFLAGS=-mod=mod CGO_ENABLED=0
ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"

# Prints one field (a dotted path such as Origin.Hash) of the JSON on stdin; fails on a `go mod download` error.
json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error){console.error(j.Error);process.exit(1)}console.log(process.argv[1].split(".").reduce((o,k)=>o[k],j))})' "$1"; }

# Prints a line every 20 s so a long build does not look hung.
build() {
  local out=$1 name=$2; shift 2
  local n=0 t0 last
  t0=$(date +%s); last=$t0
  go build -v -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$out" "$@" 2>&1 |
    while IFS= read -r line; do
      n=$((n + 1)); now=$(date +%s)
      if [ $((now - last)) -ge 20 ]; then
        log "  $name: $n packages compiled, $((now - t0)) s"; last=$now
      fi
      case "$line" in *.go:*) printf '%s\n' "$line" >&2 ;; esac
    done
  [ "${PIPESTATUS[0]}" -eq 0 ] || { log "go build of $name failed"; exit 1; }
  log "  $name built in $(( $(date +%s) - t0 )) s"
}

log "downloading github.com/pulumi/pulumi/pkg/v3@v$version"
pkg_json=$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$version")
pkg_dir=$(json_field Dir <<<"$pkg_json")
commit=$(json_field Origin.Hash <<<"$pkg_json")
cp -r "$pkg_dir" "$work/pkg" && chmod -R u+w "$work/pkg"
(cd "$work/pkg" && go mod edit -dropreplace=github.com/pulumi/pulumi/sdk/v3)
mkdir -p "$work/bin"
(cd "$work/pkg" && build "$work/bin/pulumi" pulumi ./cmd/pulumi)

# The official language host lives in its own module, fetched at the release commit. Some module
# proxies refuse it; then install this package's fallback host (scripts/pulumi-language-nodejs.js).
log "downloading the nodejs language host at commit $commit"
if lh_json=$(go mod download -json "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$commit" 2>&1) &&
   lh_dir=$(json_field Dir <<<"$lh_json" 2>/dev/null); then
  cp -r "$lh_dir" "$work/lh" && chmod -R u+w "$work/lh"
  (cd "$work/lh" &&
    go mod edit -dropreplace=github.com/pulumi/pulumi/pkg/v3 -dropreplace=github.com/pulumi/pulumi/sdk/v3 \
      -require="github.com/pulumi/pulumi/pkg/v3@v$version" -require="github.com/pulumi/pulumi/sdk/v3@v$version" &&
    build "$work/bin/pulumi-language-nodejs" pulumi-language-nodejs .)
else
  log "the module proxy does not serve the official nodejs language host; using this package's fallback host"
  touch "$work/bin/.fallback-language-host"
fi

link_dynamic_plugin "$work/bin"
rm -rf "$cache/pulumi-v$version"
mkdir -p "$cache/pulumi-v$version"
mv "$work/bin" "$bin"
log "Pulumi v$version ready in $bin after $(( $(date +%s) - start )) s"
echo "$bin"

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
# fail WHAT TODO: says what failed and what to do about it, then exits.
fail() { log "error: $1"; log "what to do: $2"; exit 1; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sdk_pkg="$repo/node_modules/@pulumi/pulumi/package.json"
if [ -z "${PULUMI_VERSION:-}" ]; then
  [ -f "$sdk_pkg" ] || fail "$sdk_pkg is missing" "run 'npm ci' first"
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
command -v go >/dev/null 2>&1 || fail "no pulumi on PATH, no answer from get.pulumi.com and no Go toolchain to build it" \
  "install Pulumi (https://www.pulumi.com/docs/install/) or Go >= 1.25.11, then run this again"
log "building Pulumi v$version from the Go module proxy (a cold build takes about 10 minutes on 2 cores; later ones use Go's caches)"
start=$(date +%s)
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The proxy's checksum database does not serve every Pulumi release; go.sum still pins every dependency.
export GONOSUMDB=github.com/pulumi/pulumi GOFLAGS=-mod=mod CGO_ENABLED=0
ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"

# Downloads a module (`go mod download -json`) and sets $mod_dir and $mod_commit. The commit is
# optional information: some proxies report it (Origin.Hash), others do not, so it may be empty.
# On a failure returns 1 with the tool's own error in $mod_error.
download_module() {
  local out rc=0
  mod_dir='' mod_commit='' mod_error=''
  out=$(go mod download -json "$1" 2>"$work/download.err") || rc=$?
  # Each field is read on its own and may be absent; a non-JSON answer is kept as the error text.
  local fields
  fields=$(node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      let j = {}; try { j = JSON.parse(s); } catch { j = { Error: s.trim() }; }
      const str = (v) => (typeof v === "string" ? v.replace(/\n/g, " ") : "");
      console.log(str(j.Dir)); console.log(str(j.Origin && j.Origin.Hash)); console.log(str(j.Error));
    });' <<<"$out") || fields=$'\n\n'"could not read the answer of go mod download"
  { IFS= read -r mod_dir; IFS= read -r mod_commit; IFS= read -r mod_error; } <<<"$fields" || true
  if [ "$rc" -ne 0 ] || [ -z "$mod_dir" ] || [ ! -d "$mod_dir" ]; then
    [ -n "$mod_error" ] || mod_error=$(tail -n 5 "$work/download.err" | tr '\n' ' ')
    [ -n "$mod_error" ] || mod_error="go mod download exited with $rc and printed no error"
    return 1
  fi
}

# Builds one command into $1 (named $2) from the current folder; prints progress every 20 s so a long
# build does not look hung, and on a failure the compiler's own last lines.
build() {
  local out=$1 name=$2 t0 last now rc=0; shift 2
  t0=$(date +%s); last=$t0
  go build -v -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$out" "$@" >"$work/$name.log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1; now=$(date +%s)
    if [ $((now - last)) -ge 20 ]; then
      log "  $name: $(wc -l <"$work/$name.log") packages compiled, $((now - t0)) s"; last=$now
    fi
  done
  wait "$pid" || rc=$?
  if [ "$rc" -ne 0 ]; then
    log "go build of $name failed (exit $rc); its last lines:"
    tail -n 30 "$work/$name.log" | sed 's/^/    /' >&2
    return 1
  fi
  log "  $name built in $(( $(date +%s) - t0 )) s"
}

log "downloading github.com/pulumi/pulumi/pkg/v3@v$version"
download_module "github.com/pulumi/pulumi/pkg/v3@v$version" ||
  fail "could not download github.com/pulumi/pulumi/pkg/v3@v$version: $mod_error" \
    "check that the Go module proxy ($(go env GOPROXY)) is reachable and serves this version (go list -m -versions github.com/pulumi/pulumi/pkg/v3)"
commit=$mod_commit
cp -r "$mod_dir" "$work/pkg" && chmod -R u+w "$work/pkg"
(cd "$work/pkg" && go mod edit -dropreplace=github.com/pulumi/pulumi/sdk/v3) ||
  fail "go mod edit of the downloaded pkg/v3 module failed" "report this with the output above"
mkdir -p "$work/bin"
(cd "$work/pkg" && build "$work/bin/pulumi" pulumi ./cmd/pulumi) ||
  fail "could not build the Pulumi CLI" "see the compiler's lines above; a Go older than 1.25.11 is a common cause ($(go version))"

# The official language host lives in its own module, fetched at the release commit. That commit is
# optional (this machine kind's proxy does not report it) and some proxies refuse the module; in
# either case install this package's fallback host (scripts/pulumi-language-nodejs.js).
use_fallback() {
  log "$1; using this package's fallback language host"
  rm -f "$work/bin/pulumi-language-nodejs"
  touch "$work/bin/.fallback-language-host"
}
lh_module=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
if [ -z "$commit" ]; then
  use_fallback "the module proxy did not report the commit of pkg/v$version (no Origin.Hash)"
elif log "downloading the nodejs language host at commit $commit" && ! download_module "$lh_module@$commit"; then
  use_fallback "the module proxy does not serve the official nodejs language host ($mod_error)"
elif ! (cd "$work" && cp -r "$mod_dir" lh && chmod -R u+w lh && cd lh &&
    go mod edit -dropreplace=github.com/pulumi/pulumi/pkg/v3 -dropreplace=github.com/pulumi/pulumi/sdk/v3 \
      -require="github.com/pulumi/pulumi/pkg/v3@v$version" -require="github.com/pulumi/pulumi/sdk/v3@v$version" &&
    build "$work/bin/pulumi-language-nodejs" pulumi-language-nodejs .); then
  use_fallback "the official nodejs language host did not build"
fi

link_dynamic_plugin "$work/bin"
rm -rf "$cache/pulumi-v$version"
mkdir -p "$cache/pulumi-v$version"
mv "$work/bin" "$bin"
log "Pulumi v$version ready in $bin after $(( $(date +%s) - start )) s"
echo "$bin"

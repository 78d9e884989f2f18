#!/usr/bin/env bash
# `npm run pulumi -- <args>`: the real Pulumi CLI (provisioned by ensure-pulumi.sh), set up to work
# offline: no update check, no plugin downloads, and a local file backend in .pulumi/ unless
# PULUMI_BACKEND_URL says otherwise.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$(bash "$repo/scripts/ensure-pulumi.sh")
export PATH="$bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
if [ -z "${PULUMI_BACKEND_URL:-}" ]; then
  mkdir -p "$repo/.pulumi/state"
  export PULUMI_BACKEND_URL="file://$repo/.pulumi/state"
  # The local demo backend uses an empty passphrase unless you choose one.
  if [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-}"; fi
fi
exec "$bin/pulumi" "$@"

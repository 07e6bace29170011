#!/usr/bin/env bash
# Local CKAN 2.12 for development and the integration tests: up | stop | reset | status.
# The work is done by the package ckan_local/ (Python standard library only); see
# docs/local-ckan.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v python3 >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "ckan-local: error: python3 is missing; install it (apt-get install python3)" >&2
    exit 2
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
fi
exec python3 "$here/ckan_local" "${1:-up}"

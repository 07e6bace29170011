#!/bin/bash
# Runs inside the running CKAN container (fed on stdin by localckan/ckan-docker.sh): applies the
# plugins' pending migrations, makes sure the sysadmin exists and prints ONE new API token on
# stdout (everything else goes to stderr). The image's start-up has already run `ckan db init`,
# the DataStore permissions and created the sysadmin from CKAN_SYSADMIN_*.
set -euo pipefail
ini="${CKAN_INI:-/srv/app/ckan.ini}"
ckan -c "$ini" db pending-migrations --apply >&2
ckan -c "$ini" sysadmin add "$CKAN_SYSADMIN_NAME" >&2 </dev/null
ckan -c "$ini" user token add "$CKAN_SYSADMIN_NAME" kpu-publisher-local --quiet 2>/dev/null | tail -n 1

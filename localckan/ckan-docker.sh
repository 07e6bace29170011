#!/usr/bin/env bash
# CKAN 2.11 + real Solr + PostgreSQL + Redis with Docker Compose: up | stop | reset.
# Writes the same .local/ckan/env (CKAN_URL, CKAN_API_TOKEN) and api-token as `make ckan-local`.
# It cannot be run on the project's own machines (no Docker there); see docs/local-ckan.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="$root/.local/ckan"
secrets="$state/docker.env"
url="http://127.0.0.1:5000"

die() { echo "ckan-docker: error: $*" >&2; exit 2; }
say() { echo "ckan-docker: $*" >&2; }

command -v docker >/dev/null 2>&1 || die "Docker is not installed; use 'make ckan-local' instead"
docker compose version >/dev/null 2>&1 || die "the Docker Compose plugin ('docker compose') is missing"
command -v python3 >/dev/null 2>&1 || die "python3 is needed to check the API token"

compose() { docker compose -f "$root/docker/compose.yaml" --env-file "$secrets" "$@"; }

write_private() {  # write_private FILE (content on stdin): mode 600, temp file then rename
  local tmp="$1.tmp$$"
  (umask 077 && cat >"$tmp") && mv -f "$tmp" "$1"
}

ensure_secrets() {
  mkdir -p "$state"
  [ -s "$secrets" ] && return
  local gen='import secrets; print(secrets.token_urlsafe(24))'
  {
    for name in POSTGRES_PASSWORD CKAN_DB_PASSWORD DATASTORE_DB_PASSWORD CKAN_JWT_SECRET \
                CKAN_SYSADMIN_PASSWORD; do
      echo "$name=$(python3 -c "$gen")"
    done
  } | write_private "$secrets"
}

token_valid() {  # reads the token from stdin, never from the command line
  python3 -c '
import json, sys, urllib.request, urllib.error
token = sys.stdin.read().strip()
req = urllib.request.Request(sys.argv[1] + "/api/action/api_token_list",
    data=json.dumps({"user_id": "kpu_admin"}).encode(),
    headers={"Authorization": token, "Content-Type": "application/json"})
try:
    urllib.request.urlopen(req, timeout=10)
except (urllib.error.URLError, OSError):
    sys.exit(1)
' "$url"
}

up() {
  ensure_secrets
  say "starting the Compose stack (the first run downloads the images)"
  compose up -d --wait || die "docker compose up failed; see: docker compose -f docker/compose.yaml logs"
  if [ -s "$state/api-token" ] && token_valid <"$state/api-token"; then
    say "CKAN running on $url; the API token in $state/api-token is still valid"
  else
    local token
    token="$(compose exec -T ckan bash -s <"$root/docker/bootstrap.sh")" \
      || die "creating the sysadmin's API token failed"
    [ -n "$token" ] || die "the CKAN container printed no API token"
    printf '%s\n' "$token" | write_private "$state/api-token"
    token_valid <"$state/api-token" || die "CKAN did not accept the new API token"
  fi
  echo "$url" | write_private "$state/api-token.url"  # the only host the token goes to
  { echo "CKAN_URL=$url"; echo "CKAN_API_TOKEN=$(cat "$state/api-token")"; } | write_private "$state/env"
  say "CKAN ready on $url; URL and token in $state/env"
}

case "${1:-up}" in
  up) up ;;
  stop) compose stop ;;
  reset) compose down --volumes && rm -f "$state/api-token" "$state/api-token.url" "$state/env" && up ;;
  *) echo "usage: ckan-docker.sh {up|stop|reset}" >&2; exit 2 ;;
esac

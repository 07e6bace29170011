#!/bin/bash
# Runs once, when the PostgreSQL volume is empty: CKAN's roles and databases, as in the native
# setup (ckan_default owns both databases; datastore_default is the DataStore's read-only role).
# The DataStore permissions are set by the CKAN image's start-up (`ckan datastore set-permissions`).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v ckan_pw="$CKAN_DB_PASSWORD" -v ds_pw="$DATASTORE_DB_PASSWORD" <<'EOSQL'
CREATE ROLE ckan_default NOSUPERUSER CREATEDB CREATEROLE LOGIN PASSWORD :'ckan_pw';
CREATE ROLE datastore_default NOSUPERUSER NOCREATEDB NOCREATEROLE LOGIN PASSWORD :'ds_pw';
CREATE DATABASE ckan_default OWNER ckan_default ENCODING 'utf-8';
CREATE DATABASE datastore_default OWNER ckan_default ENCODING 'utf-8';
EOSQL

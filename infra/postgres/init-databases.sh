#!/usr/bin/env bash
# Creates the services' login role and their two databases, as the launcher does for its
# embedded PostgreSQL. The postgres image runs this once, on the first start with an empty data
# volume; changing OUTPOST_DB_USER or OUTPOST_DB_PASSWORD later needs `docker compose down -v`.
#
# The role is not a superuser: it owns outpost_api and outpost_access (so Flyway can migrate
# them) and nothing else. No `set -u`: the image may source this file into its own entrypoint.
set -eo pipefail

psql --no-psqlrc -v ON_ERROR_STOP=1 \
  --username "$POSTGRES_USER" --dbname postgres \
  --set app_user="${OUTPOST_DB_USER:-outpost}" \
  --set app_password="${OUTPOST_DB_PASSWORD:-outpost}" <<'SQL'
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password';

CREATE DATABASE outpost_api OWNER :"app_user";
CREATE DATABASE outpost_access OWNER :"app_user";

-- Each database is reachable by its owner (and superusers) only.
REVOKE ALL ON DATABASE outpost_api FROM PUBLIC;
REVOKE ALL ON DATABASE outpost_access FROM PUBLIC;
SQL

#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a NEW database and an empty media folder.
#
#   DATABASE_URL=postgres://user@host:5432/portal_restored MEDIA_ROOT=/srv/portal/media-restored \
#     scripts/restore.sh /backups/2026-05-01
#
# The database is created when it does not exist; one that already holds tables is refused, so a restore
# never mixes with live data. The same for a media folder that is not empty.
set -euo pipefail

src="${1:?usage: scripts/restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?set DATABASE_URL (postgres://…) to the database to restore into}"
media="${MEDIA_ROOT:?set MEDIA_ROOT to the folder to restore the uploaded files into}"

(cd "$src" && sha256sum --check --quiet SHA256SUMS)

base="${DATABASE_URL%%\?*}"
name="${base##*/}"
maintenance="${base%/*}/postgres"
exists=$(psql "$maintenance" -XtAc "SELECT 1 FROM pg_database WHERE datname = '$name'")
if [ "$exists" != "1" ]; then
  psql "$maintenance" -Xq -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$name\""
fi
tables=$(psql "$DATABASE_URL" -XtAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "restore.sh: database $name already holds $tables tables; restore into a new database." >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$src/database.dump"

mkdir -p "$media"
if [ -n "$(ls -A "$media")" ]; then
  echo "restore.sh: $media is not empty; restore into an empty folder." >&2
  exit 1
fi
tar --extract --gzip --file="$src/media.tar.gz" --directory="$media"
echo "Restored database $name and media into $media"

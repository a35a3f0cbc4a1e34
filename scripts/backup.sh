#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump custom format) and the uploaded files (MEDIA_ROOT).
#
#   DATABASE_URL=postgres://user@host:5432/portal MEDIA_ROOT=/srv/portal/media scripts/backup.sh /backups/2026-05-01
#
# Writes DEST/database.dump, DEST/media.tar.gz and DEST/SHA256SUMS. The dump is consistent on its own
# (one snapshot); take it while the site runs. Files uploaded between the dump and the tar have no row
# yet, so they are harmless extras after a restore. README "Backup and restore" has the whole procedure.
set -euo pipefail

dest="${1:?usage: scripts/backup.sh DEST_DIR}"
: "${DATABASE_URL:?set DATABASE_URL (postgres://…) to the database to back up}"
media="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"

mkdir -p "$dest"
pg_dump --format=custom --no-owner --no-privileges --file="$dest/database.dump" --dbname="$DATABASE_URL"
if [ -d "$media" ]; then
  tar --create --gzip --file="$dest/media.tar.gz" --directory="$media" .
else
  tar --create --gzip --file="$dest/media.tar.gz" --files-from=/dev/null
fi
(cd "$dest" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "Backup written to $dest"

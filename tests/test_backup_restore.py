"""scripts/backup.sh and scripts/restore.sh: the demo data and its uploaded files survive a round trip."""

import hashlib
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from practices.models import Attachment, Practice
from practices.services import attachment_add
from reviews.models import Review
from tests.practices.test_files import make_pdf, make_png

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not shutil.which("pg_dump") or not shutil.which("pg_restore"), reason="needs pg_dump/pg_restore"
    ),
]


def database_url(name: str) -> str:
    params = connection.settings_dict
    return "postgres://%s@%s:%s/%s" % (params["USER"], params["HOST"] or "127.0.0.1", params["PORT"] or 5432, name)


def run(script, *args, env):
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def checksums(media: Path, names) -> dict[str, str]:
    return {name: hashlib.sha256((media / name).read_bytes()).hexdigest() for name in names}


@pytest.fixture
def restored_database():
    name = "%s_restored_%s" % (connection.settings_dict["NAME"], uuid.uuid4().hex[:8])
    yield name
    admin = psycopg2.connect(database_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)
    admin.close()


def test_backup_then_restore_into_a_new_database_and_media_folder(settings, tmp_path, restored_database):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    draft = Practice.objects.filter(state="draft").first()
    author = draft.submitted_by
    for upload in (SimpleUploadedFile("annual-report.pdf", make_pdf()), SimpleUploadedFile("shelter.png", make_png())):
        attachment_add(practice=draft, actor=author, upload=upload)

    expected = {
        "practices": Practice.objects.count(),
        "published": Practice.objects.filter(state="published").count(),
        "reviews": Review.objects.count(),
        "attachments": Attachment.objects.count(),
    }
    assert expected["published"] and expected["reviews"] and expected["attachments"] == 2
    files = list(Attachment.objects.values_list("file", flat=True))
    original = checksums(settings.MEDIA_ROOT, files)

    backup = tmp_path / "backup"
    source_env = {
        "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    run("backup.sh", str(backup), env=source_env)
    assert {path.name for path in backup.iterdir()} == {"database.dump", "media.tar.gz", "SHA256SUMS"}

    restored_media = tmp_path / "restored-media"
    target_env = {"DATABASE_URL": database_url(restored_database), "MEDIA_ROOT": str(restored_media)}
    run("restore.sh", str(backup), env=target_env)

    with psycopg2.connect(database_url(restored_database)) as restored, restored.cursor() as cursor:

        def count(sql):
            cursor.execute(sql)
            return cursor.fetchone()[0]

        assert {
            "practices": count("SELECT count(*) FROM practices_practice"),
            "published": count("SELECT count(*) FROM practices_practice WHERE state = 'published'"),
            "reviews": count("SELECT count(*) FROM reviews_review"),
            "attachments": count("SELECT count(*) FROM practices_attachment"),
        } == expected
        cursor.execute("SELECT file FROM practices_attachment ORDER BY file")
        assert [row[0] for row in cursor.fetchall()] == sorted(files)
        # The append-only audit trail comes back append-only (its triggers are restored too).
        with pytest.raises(psycopg2.Error):
            cursor.execute("DELETE FROM audit_auditevent")
    assert checksums(restored_media, files) == original

    # A second restore into the same (now full) database is refused rather than mixed in.
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "restore.sh"), str(backup)],
        env={**os.environ, **target_env, "MEDIA_ROOT": str(tmp_path / "other")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "new database" in result.stderr

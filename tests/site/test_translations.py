"""Every UI string of the portal is translated into every language, and the catalogues are current."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parent.parent.parent
LOCALES = [to_locale(code) for code, _name in settings.LANGUAGES if code != "en"]


def catalogue(root: Path, locale: str):
    with open(root / "locale" / locale / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po, locale=None)


def message_ids(catalog) -> set:
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_is_complete(locale):
    catalog = catalogue(ROOT, locale)
    untranslated = [message.id for message in catalog if message.id and not all(_strings(message.string))]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert not untranslated, "%s: untranslated %s" % (locale, untranslated[:10])
    assert not fuzzy, "%s: fuzzy %s" % (locale, fuzzy[:10])
    assert len(catalog) > 150


def _strings(value):
    return value if isinstance(value, tuple) else (value,)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext to extract strings")
def test_catalogues_hold_every_string_of_the_code_and_templates(tmp_path):
    """Re-extract into a copy of the project: a string added without its translations fails here."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns(".venv", ".git", "staticfiles", "media", "__pycache__", "*.sqlite3", "tests")
    shutil.copytree(ROOT, copy, ignore=ignore)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location", "--ignore", "tests/*"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "true", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    extracted = message_ids(catalogue(copy, "fr"))
    missing = extracted - message_ids(catalogue(ROOT, "fr"))
    obsolete = {message.id for message in catalogue(copy, "fr").obsolete.values()}
    assert not missing, "run `make makemessages` and translate: %s" % sorted(missing)
    assert not obsolete, "strings no longer used: %s" % sorted(obsolete)

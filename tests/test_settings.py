"""The real settings module (not tests.settings), driven by the environment, in fresh processes."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7!kq2M#pZ9vR4tL8wN1cB6yH3jF5dG0sA-e_u+oi^Tzr%XmV-long-enough-and-random",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://portal:secret@db.internal:5432/portal",
    "REDIS_URL": "redis://cache.internal:6379/1",
    "EMAIL_URL": "smtp+tls://mailer:pw@smtp.example.org:587",
}


def run(args, env):
    clean = {key: value for key, value in os.environ.items() if key not in {*PRODUCTION, "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_settings(env, names):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({n: str(getattr(s, n)) for n in %r}))" % (names,)
    )
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_embedded_default_needs_no_services():
    values = read_settings(
        {"DEBUG": "true"},
        ["DEBUG", "DATABASES", "CELERY_TASK_ALWAYS_EAGER", "EMAIL_BACKEND", "CACHES", "SECURE_SSL_REDIRECT"],
    )
    assert values["DEBUG"] == "True"
    assert "sqlite3" in values["DATABASES"] and "db.sqlite3" in values["DATABASES"]
    assert values["CELERY_TASK_ALWAYS_EAGER"] == "True"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert "LocMemCache" in values["CACHES"]
    assert values["SECURE_SSL_REDIRECT"] == "False"


def test_settings_are_read_from_the_environment():
    values = read_settings(
        PRODUCTION,
        [
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASES",
            "CELERY_BROKER_URL",
            "CELERY_TASK_ALWAYS_EAGER",
            "EMAIL_BACKEND",
            "EMAIL_HOST",
            "EMAIL_PORT",
            "CACHES",
            "SESSION_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS",
        ],
    )
    assert values["DEBUG"] == "False"
    assert values["SECRET_KEY"] == PRODUCTION["SECRET_KEY"]
    assert values["ALLOWED_HOSTS"] == "['portal.example.org']"
    assert "'HOST': 'db.internal'" in values["DATABASES"] and "postgresql" in values["DATABASES"]
    assert values["CELERY_BROKER_URL"] == "redis://cache.internal:6379/1"
    assert values["CELERY_TASK_ALWAYS_EAGER"] == "False"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("smtp.example.org", "587")
    assert "RedisCache" in values["CACHES"]
    assert values["SESSION_COOKIE_SECURE"] == "True"
    assert int(values["SECURE_HSTS_SECONDS"]) >= 31536000


def test_check_deploy_reports_nothing_in_production_mode():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_flags_the_development_key():
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_every_environment_variable_is_documented_in_readme():
    import re

    names = set(re.findall(r'env(?:\.\w+)?\("([A-Z_]+)"', (ROOT / "portal" / "settings.py").read_text()))
    readme = (ROOT / "README.md").read_text()
    assert names and not {name for name in names if "`%s`" % name not in readme}

"""`make run`'s promise: on the embedded default (SQLite, no Redis, no worker) the seeded portal serves every area.

The rest of the suite runs on PostgreSQL, so this is where SQLite's limits (no arrays, no sliced halves of a
UNION…) would surface."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """
import json, os, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_demo", verbosity=0)
from django.test import Client
from campaigns.models import Campaign
from grants.models import Grant
from practices.models import Practice
from resources.models import Resource
client = Client(HTTP_HOST="127.0.0.1")
practice = Practice.objects.published().first()
urls = [
    "/en/", "/ar/", "/en/search/?q=trafficking", "/fr/search/?theme=prevention", "/en/search/feed.rss",
    "/en/practices/", "/en/practices/%s/" % practice.pk, "/ar/practices/%s/" % practice.pk,
    "/api/v1/practices/", "/api/v1/practices/%s/" % practice.pk, "/api/v1/search/?q=trafficking",
    "/en/grants/", "/en/grants/projects/", "/en/grants/projects/%s/" % Grant.objects.first().pk,
    "/en/campaigns/", "/en/campaigns/%s/" % Campaign.objects.first().pk,
    "/en/resources/", "/en/resources/%s/" % Resource.objects.filter(state="published").first().pk,
    "/en/statistics/", "/en/countries/%s/" % practice.countries.first().code, "/sitemap.xml",
]
print(json.dumps({url: client.get(url).status_code for url in urls}))
"""


def test_the_seeded_portal_serves_every_area_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "true",
        "DATABASE_URL": "sqlite:///%s" % (tmp_path / "db.sqlite3"),
        "REDIS_URL": "",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    assert statuses == dict.fromkeys(statuses, 200), statuses

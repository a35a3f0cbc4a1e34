import re

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from portal.accounts.models import Organization, User

pytestmark = pytest.mark.django_db


def test_api_schema_and_docs_work_offline(client):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/auth/token/", "/api/v1/me/", "/api/v1/taxonomy/{kind}/"} <= set(paths)
    docs = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs)
    assert assets and all(not re.match(r"(https?:)?//", url) for url in assets), assets
    assert any("swagger-ui" in url for url in assets)


@pytest.fixture
def admin_client_logged_in(client, staff_user, password):
    client.login(username=staff_user.email, password=password)
    return client


def test_admin_has_every_model_and_loads_everything_locally(admin_client_logged_in):
    for model in admin.site._registry:
        opts = model._meta
        changelist = reverse("admin:%s_%s_changelist" % (opts.app_label, opts.model_name))
        assert admin_client_logged_in.get(changelist).status_code == 200, changelist
    page = admin_client_logged_in.get(reverse("admin:taxonomy_theme_change", args=[1])).content.decode()
    # Translated fields sit in tabs, one per language, with jQuery UI served by us, not a CDN.
    assert "name_fr" in page and "name_zh_hans" in page
    assert "/static/jquery-ui/jquery-ui.min.js" in page
    assert "googleapis" not in page


def test_staff_verify_organisations_from_the_admin(admin_client_logged_in):
    call_command("seed_demo")
    pending = Organization.objects.filter(verified_at__isnull=True).get()
    response = admin_client_logged_in.post(
        reverse("admin:accounts_organization_changelist"),
        {"action": "verify", "_selected_action": [pending.pk]},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.is_verified


def test_seed_demo_creates_one_account_per_role_and_is_idempotent(capsys):
    call_command("seed_demo")
    counts = (User.objects.count(), Organization.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Organization.objects.count()) == counts
    roles = {role for user in User.objects.all() for role in user.roles}
    assert roles == {"admin", "submitter", "reviewer", "editor", "grant_manager", "board_member", "campaign_manager"}
    output = capsys.readouterr().out
    assert "editor@portal.example" in output and "password: demo-portal-2026" in output
    from practices.models import Practice

    states = sorted(Practice.objects.values_list("state", flat=True))
    assert states == ["draft", "in_review", "published", "published", "published", "published"]
    assert Practice.objects.published().count() == 4
    # One published practice is featured on the home page (once, however often the command runs).
    from portal.site.models import FeaturedPractice

    assert FeaturedPractice.objects.get().practice.state == "published"


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_static_files_are_collected_with_hashed_and_compressed_names(tmp_path, settings, client):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    hashed = [path.name for path in (tmp_path / "css").glob("portal.*.css")]
    assert len(hashed) == 1
    assert (tmp_path / "css" / (hashed[0] + ".gz")).exists()
    assert "css/%s" % hashed[0] in client.get("/en/").content.decode()


def test_home_page_shows_latest_practices_and_open_calls(client, django_assert_max_num_queries):
    call_command("seed_demo")
    # Featured and latest practices, two kinds of open calls, campaigns, awareness days, themes, figures:
    # a fixed number whatever the amount of content (tests/site/test_knowledge_pages.py checks it grows not).
    with django_assert_max_num_queries(13):
        page = client.get("/en/").content.decode()
    assert "Community child-protection committees" in page
    assert "Protecting fishers from forced labour at sea" in page
    assert "Safe shelter and reintegration" not in page  # that call is closed


def test_every_page_carries_a_content_security_policy_without_inline_scripts(client):
    policy = client.get("/en/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert client.get("/api/v1/")["Content-Security-Policy"] == policy

"""The Content-Security-Policy blocks inline scripts, and no page of the portal needs one."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def violations_on(person, path):
    errors = []
    person.page.on(
        "console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None
    )
    person.go(path)
    person.page.wait_for_load_state("networkidle")
    return errors


def test_api_docs_render_under_the_policy(visitor):
    person = visitor("docs")
    assert violations_on(person, "/api/docs/") == []
    person.page.wait_for_selector(".swagger-ui .info", timeout=15000)
    person.shot("api-docs")
    assert "Counter-Trafficking Knowledge Portal API" in person.page.content()


def test_admin_with_translation_tabs_runs_under_the_policy(visitor, password):
    staff = UserFactory(staff=True)
    person = visitor("admin")
    person.login(staff.email, password)
    assert violations_on(person, "/en/admin/taxonomy/theme/1/change/") == []
    # modeltranslation's tabs are built by its script: they only exist if the script ran.
    person.page.wait_for_selector(".ui-tabs-nav", timeout=10000)
    person.shot("admin-tabs")


def test_an_injected_inline_script_is_refused(visitor):
    person = visitor("probe")
    person.go("/en/")
    ran = person.page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true';
                   document.body.appendChild(s); return window.__ran === true; }"""
    )
    assert ran is False

"""The practice form by keyboard alone, with a visible focus on every control; the main pages without JavaScript."""

import pytest
from django.test import Client

from practices.models import Practice
from tests.factories import MembershipFactory, UserFactory, published_practice

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FOCUS_RGB = (0xFF, 0xBF, 0x47)  # --focus in static/css/portal.css
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '', value: el.value || '',
    text: (el.innerText || '').trim().slice(0, 40), visible: Boolean(outline || shadow), own: el.matches(':focus'),
  };
}"""


def log_in(context, live_server, user):
    """The session cookie of a logged-in user: logging in is not what this test is about."""
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


class Keyboard:
    def __init__(self, page):
        self.page = page
        self.unseen_focus = []  # controls that took the focus without showing it

    def tab_to(self, matches, *, backwards=False, limit=80):
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            focused = self.page.evaluate(FOCUSED)
            if not focused["visible"] and not focused["own"]:
                # The focus is on a part inside the control (a date field's calendar button): look at the pixels.
                focused["visible"] = self.focus_colour_shows()
            if not focused["visible"]:
                self.unseen_focus.append((self.page.url, focused))
            if matches(focused):
                return focused
        raise AssertionError("never reached by Tab: %s" % self.page.url)

    def focus_colour_shows(self):
        """Whether the focused control's own pixels show the focus colour (its ring is drawn inside it)."""
        from io import BytesIO

        from PIL import Image

        shot = self.page.evaluate_handle("document.activeElement").as_element().screenshot()
        image = Image.open(BytesIO(shot)).convert("RGB")
        colours = image.getcolors(image.width * image.height)
        near = [count for count, rgb in colours if all(abs(a - b) < 24 for a, b in zip(rgb, FOCUS_RGB, strict=True))]
        return sum(near) >= 20

    def to_id(self, element_id, **options):
        return self.tab_to(lambda focused: focused["id"] == element_id, **options)

    def to_button(self, text, **options):
        return self.tab_to(lambda focused: focused["tag"] == "button" and focused["text"] == text, **options)

    def skip_to_main(self):
        """The skip link first; after a step the address keeps its #main (a redirect carries the fragment),
        so the browser already starts from the main content."""
        if self.page.url.endswith("#main"):
            return
        self.page.keyboard.press("Tab")
        assert self.page.evaluate(FOCUSED)["text"] == "Skip to main content"
        self.page.keyboard.press("Enter")

    def type_into(self, element_id, text):
        self.to_id(element_id)
        self.page.keyboard.type(text)

    def choose(self, element_id, label):
        """A <select>: typing an option's first letters picks it, as in any browser."""
        self.to_id(element_id)
        self.page.keyboard.type(label)

    def submit_with(self, text):
        self.to_button(text)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")


def test_a_practice_is_submitted_with_the_keyboard_alone(browser, live_server):
    UserFactory(roles=["editor"])
    membership = MembershipFactory(organization__verified=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    log_in(context, live_server, membership.user)
    page = context.new_page()
    keys = Keyboard(page)
    page.goto(live_server.url + "/en/practices/new/")

    # Step 1: about the practice.
    keys.skip_to_main()
    keys.type_into("id_title", "Night patrols with fishing cooperatives")
    keys.type_into("id_summary", "Cooperatives and labour inspectors board trawlers together at night.")
    keys.choose("id_countries", "Morocco")
    keys.choose("id_scope", "National")
    assert page.eval_on_selector("#id_countries", "el => [...el.selectedOptions].map(o => o.value)") == ["MA"]
    keys.to_id("id_title", backwards=True)  # Shift+Tab goes back through the same controls
    keys.submit_with("Save and continue")
    practice = Practice.objects.get()

    # Step 2: what was done.
    keys.skip_to_main()
    keys.type_into("id_description", "Joint boarding of forty vessels a month.")
    keys.choose("id_implementation_status", "Completed")
    keys.submit_with("Save and continue")

    # Step 3: results.
    keys.skip_to_main()
    keys.type_into("id_results", "Ninety fishers freed from debt bondage.")
    keys.submit_with("Save and continue")

    # Step 4: classification, a checkbox ticked with Space.
    keys.skip_to_main()
    keys.tab_to(lambda focused: focused["name"] == "themes" and focused["value"] == "victim-services")
    page.keyboard.press("Space")
    keys.submit_with("Save and continue")

    # Step 5: contact and consent.
    keys.skip_to_main()
    keys.to_id("id_no_victim_data")
    page.keyboard.press("Space")
    keys.submit_with("Save and continue")

    # Preview, then submit.
    assert "step=preview" in page.url
    keys.skip_to_main()
    keys.tab_to(lambda focused: focused["tag"] == "button" and focused["name"] == "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    practice.refresh_from_db()
    assert practice.state == Practice.State.SUBMITTED
    assert practice.title == "Night patrols with fishing cooperatives"
    assert [c.code for c in practice.countries.all()] == ["MA"] and practice.scope == "national"
    assert practice.implementation_status == "completed" and practice.no_victim_data
    assert keys.unseen_focus == []
    context.close()


def test_the_main_pages_work_without_javascript(browser, live_server, password):
    from portal.taxonomy.models import Theme

    editor = UserFactory(roles=["editor"])
    practice = published_practice(editor)
    title = practice.title_fr
    other_theme = Theme.objects.exclude(slug="victim-services").order_by("position").first()
    membership = MembershipFactory(organization__verified=True)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    url = live_server.url

    # Home, and the language switcher (a plain form).
    assert page.goto(url + "/en/").status == 200
    assert title in page.content()
    with page.expect_navigation():
        page.click(".language-switcher button[value=fr]")
    assert page.url.startswith(url + "/fr/") and page.get_attribute("html", "lang") == "fr"
    with page.expect_navigation():
        page.click(".language-switcher button[value=en]")

    # The practice list and its filters: a theme the practice lacks, then its country.
    page.click("main a[href='/en/practices/']")
    assert page.url.endswith("/en/practices/") and title in page.content()
    page.select_option("#filter-theme", other_theme.slug)
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "theme=%s" % other_theme.slug in page.url
    assert title not in page.content() and "No published practice matches these filters." in page.content()
    page.select_option("#filter-theme", "")
    page.select_option("#filter-country", "MA")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "country=MA" in page.url and title in page.content()
    assert page.eval_on_selector("#filter-country", "el => el.value") == "MA"  # the filter stays shown

    # Detail.
    with page.expect_navigation():
        page.click("main .card h2 a")
    assert page.url.endswith("/en/practices/%s/" % practice.pk) and title in page.content()

    # Login: the form posts without a script.
    page.goto(url + "/en/accounts/login/")
    page.fill("#id_username", membership.user.email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith("/en/accounts/profile/")

    # The practice form: step one creates the draft, the next steps save and move on.
    page.goto(url + "/en/practices/new/")
    page.fill("#id_title", "Hotline in three languages")
    page.fill("#id_summary", "A free line answered day and night.")
    page.select_option("#id_countries", ["MA"])
    page.select_option("#id_scope", "national")
    with page.expect_navigation():
        page.click("main form.form button:not([name])")
    assert "step=implementation" in page.url
    draft = Practice.objects.get(title_en="Hotline in three languages")
    page.fill("#id_description", "Twelve operators.")
    with page.expect_navigation():
        page.click("main form.form button:not([name])")
    assert "step=results" in page.url
    with page.expect_navigation():
        page.click("main form.form button[name=go]:has-text('Save and go back')")
    assert "step=implementation" in page.url and "Twelve operators." in page.content()
    draft.refresh_from_db()
    assert draft.description_en == "Twelve operators." and draft.state == Practice.State.DRAFT
    context.close()

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from network.models import Post, Thread
from network.services import (
    RateLimited,
    expert_contact,
    post_add,
    post_hide,
    post_report,
    thread_lock,
    thread_start,
)
from portal.audit.models import AuditEvent
from portal.errors import InvalidTransition
from portal.notifications.models import Notification
from tests.factories import MembershipFactory, ReviewerProfileFactory, UserFactory, published_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(roles=["editor"])


@pytest.fixture
def practice(editor):
    return published_practice(editor)


@pytest.fixture
def asker():
    return UserFactory(preferred_language="ru")


def test_question_notifies_the_organisation_whose_answer_reaches_the_asker(
    practice, asker, mailoutbox, django_capture_on_commit_callbacks
):
    thread = thread_start(
        item=practice, actor=asker, title="Как вы это сделали?", body="Сколько стоил приют?", language="ru"
    )
    member = practice.submitted_by
    assert Notification.objects.filter(recipient=member, kind="discussion_question").exists()
    assert AuditEvent.objects.filter(verb="discussion.start").exists()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_add(thread=thread, actor=member, body="Environ 20 000 euros par an.", language="fr")
    assert answer.by_organization
    assert [m.to for m in mailoutbox] == [[asker.email]]
    assert "Environ 20 000 euros" in mailoutbox[0].body
    assert Thread.objects.get().language == "ru"


def test_locked_thread_refuses_posts(practice, asker, editor):
    thread = thread_start(item=practice, actor=asker, title="Q", body="A question.", language="en")
    with pytest.raises(PermissionDenied):
        thread_lock(thread=thread, actor=asker)
    thread_lock(thread=thread, actor=editor)
    with pytest.raises(InvalidTransition):
        post_add(thread=thread, actor=asker, body="Another.")
    assert Post.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        "x" * 4001,
        "<script>alert(1)</script>",
        'Click <img src=x onerror="alert(1)">',
        "",
        "Her phone is +380 67 123 4567, call her.",
    ],
)
def test_bad_posts_are_refused_and_nothing_is_saved(practice, asker, body):
    with pytest.raises(ValidationError):
        thread_start(item=practice, actor=asker, title="Q", body=body, language="en")
    assert Thread.objects.count() == 0 and Post.objects.count() == 0


def test_flood_is_refused(practice, asker, settings):
    settings.DISCUSSION_POST_LIMIT = 3
    thread = thread_start(item=practice, actor=asker, title="Q", body="First.", language="en")
    post_add(thread=thread, actor=asker, body="Second.")
    post_add(thread=thread, actor=asker, body="Third.")
    with pytest.raises(RateLimited):
        post_add(thread=thread, actor=asker, body="Fourth.")
    assert Post.objects.count() == 3


def test_unpublished_items_cannot_be_discussed(asker):
    from tests.factories import complete_practice

    with pytest.raises(InvalidTransition):
        thread_start(item=complete_practice(), actor=asker, title="Q", body="Q?", language="en")


def test_report_then_editor_hides(practice, asker, editor, client):
    thread = thread_start(item=practice, actor=asker, title="Q", body="Rude words here.", language="en")
    post = thread.posts.get()
    reporter = UserFactory()
    post_report(post=post, actor=reporter, reason="Offensive")
    assert Notification.objects.filter(recipient=editor, kind="discussion_report").exists()
    with pytest.raises(PermissionDenied):
        post_hide(post=post, actor=reporter)
    post_hide(post=post, actor=editor)
    post.refresh_from_db()
    assert post.hidden and post.reports.get().resolved
    page = client.get("/en/discussions/%s/" % thread.pk).content.decode()
    assert "Rude words" not in page and "hidden by the editors" in page


def test_thread_page_escapes_text(practice, asker, client):
    thread = thread_start(item=practice, actor=asker, title="Q & <b>A</b>", body="1 < 2 & 3 > 2", language="en")
    page = client.get("/en/discussions/%s/" % thread.pk).content.decode()
    assert "Q &amp; &lt;b&gt;A&lt;/b&gt;" in page and "1 &lt; 2 &amp; 3 &gt; 2" in page


def test_ask_through_the_pages(practice, asker, client):
    client.force_login(asker)
    response = client.post(
        "/ru/discussions/new/practice/%s/" % practice.pk, {"title": "Вопрос", "body": "<script>x</script>"}
    )
    assert response.status_code == 400 and Thread.objects.count() == 0
    response = client.post("/ru/discussions/new/practice/%s/" % practice.pk, {"title": "Вопрос", "body": "Как?"})
    assert response.status_code == 302 and Thread.objects.get().language == "ru"
    detail = client.get("/en/practices/%s/" % practice.pk).content.decode()
    assert "Вопрос" in detail


def test_expert_directory_lists_opted_in_experts_and_forwards_messages(
    client, mailoutbox, settings, django_capture_on_commit_callbacks
):
    listed = ReviewerProfileFactory(public_directory=True, user__full_name="Dr Amina Listed")
    ReviewerProfileFactory(public_directory=False, user__full_name="Dr Hidden")
    ReviewerProfileFactory(public_directory=True, state="applied", user__full_name="Dr Applicant")
    page = client.get("/en/experts/").content.decode()
    assert "Dr Amina Listed" in page and "Dr Hidden" not in page and "Dr Applicant" not in page
    detail = client.get("/en/experts/%s/" % listed.pk).content.decode()
    assert listed.user.email not in detail
    sender = UserFactory()
    client.force_login(sender)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/experts/%s/" % listed.pk, {"subject": "Advice", "body": "Could we talk?"})
    assert response.status_code == 302
    assert mailoutbox[-1].to == [listed.user.email] and sender.email in mailoutbox[-1].body
    settings.EXPERT_MESSAGE_LIMIT = 1
    response = client.post("/en/experts/%s/" % listed.pk, {"subject": "Again", "body": "Hello?"})
    assert response.status_code == 429
    with pytest.raises(PermissionDenied):
        expert_contact(profile=ReviewerProfileFactory(public_directory=False), actor=sender, subject="s", body="b")


def test_organisation_directory_and_api_show_verified_only_without_emails(
    client, api_client, practice, django_assert_max_num_queries
):
    verified = practice.organization
    unverified = MembershipFactory(organization__name="Unverified NGO").organization
    page = client.get("/en/organisations/").content.decode()
    assert verified.name in page and "Unverified NGO" not in page
    profile = client.get("/en/organisations/%s/" % verified.pk).content.decode()
    assert str(practice) in profile and practice.submitted_by.email not in profile
    assert client.get("/en/organisations/%s/" % unverified.pk).status_code == 404
    with django_assert_max_num_queries(6):
        body = api_client.get("/api/v1/organisations/").json()
    assert [row["name"] for row in body["results"]] == [verified.name]
    detail = api_client.get("/api/v1/organisations/%s/" % verified.pk)
    assert detail.status_code == 200 and "@" not in detail.content.decode()
    assert detail.json()["practices"][0]["id"] == practice.pk
    assert api_client.get("/api/v1/organisations/%s/" % unverified.pk).status_code == 404
    assert api_client.get("/api/v1/organisations/?country=MA").json()["count"] == 0
    assert api_client.get("/api/v1/organisations/?theme=victim-services").json()["count"] == 1


def test_a_daily_digest_subscriber_gets_one_e_mail_a_day_and_none_without_new_posts(practice, asker, editor):
    from datetime import timedelta

    from django.utils import timezone

    from network.models import ThreadSubscription
    from network.services import thread_digests_send, thread_subscribe

    thread = thread_start(item=practice, actor=asker, title="Funding", body="How is it funded?", language="en")
    reader = MembershipFactory().user
    thread_subscribe(thread=thread, actor=reader, frequency="daily")
    assert ThreadSubscription.objects.get(user=reader).frequency == "daily"
    post_add(thread=thread, actor=asker, body="Also: who pays the mediators?", language="en")
    assert not Notification.objects.filter(recipient=reader, kind="discussion_post").exists()
    assert thread_digests_send() == 0  # not a day yet
    tomorrow = timezone.now() + timedelta(days=1, minutes=1)
    assert thread_digests_send(now=tomorrow) == 1
    assert thread_digests_send(now=tomorrow) == 0
    digest = Notification.objects.get(recipient=reader, kind="discussion_digest")
    assert [post["body"] for post in digest.context["posts"]] == ["Also: who pays the mediators?"]
    assert "/discussions/unsubscribe/" in digest.context["unsubscribe_url"]  # sent as List-Unsubscribe too
    later = tomorrow + timedelta(days=1, minutes=5)
    assert thread_digests_send(now=later) == 0  # nothing new: nothing sent
    assert Notification.objects.filter(recipient=reader, kind="discussion_digest").count() == 1
    with pytest.raises(ValidationError):
        thread_subscribe(thread=thread, actor=reader, frequency="hourly")


def test_discussion_e_mails_stop_in_one_click_without_signing_in(
    practice, asker, client, mailoutbox, django_capture_on_commit_callbacks
):
    from django.test import Client

    from network.models import ThreadSubscription
    from network.services import thread_subscribe

    thread = thread_start(item=practice, actor=asker, title="Funding", body="How is it funded?", language="en")
    reader = MembershipFactory().user
    thread_subscribe(thread=thread, actor=reader)
    with django_capture_on_commit_callbacks(execute=True):
        post_add(thread=thread, actor=asker, body="Also: who pays the mediators?", language="en")
    (mail,) = [mail for mail in mailoutbox if mail.to == [reader.email]]
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    address = mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert address in mail.body
    path = address.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)  # a mail scanner opening the link stops nothing
    assert page.status_code == 200 and "Stop the e-mails" in page.content.decode()
    assert ThreadSubscription.objects.filter(thread=thread, user=reader).exists()
    response = Client(enforce_csrf_checks=True).post(
        "/" + path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200 and "Funding" in response.content.decode()
    assert not ThreadSubscription.objects.filter(thread=thread, user=reader).exists()
    assert ThreadSubscription.objects.filter(thread=thread, user=asker).exists()  # only that subscription ends
    assert client.post("/" + path).status_code == 404
    assert client.get("/en/discussions/unsubscribe/forged-token/").status_code == 404

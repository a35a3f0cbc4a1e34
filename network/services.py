"""Discussions on published items, reports and moderation, and messages to experts: one function per action."""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import MAX_POST_CHARS, ExpertMessage, Post, PostReport, Thread, ThreadSubscription
from portal.accounts.permissions import is_member
from portal.audit.services import audit_record
from portal.errors import DomainError, InvalidTransition
from portal.notifications.services import link_for, notify
from practices.permissions import is_editor
from practices.safeguarding import scan_text
from reviews.models import ReviewerProfile

# Markup that would run or load something if a page ever rendered a post unescaped: refused outright,
# although every page escapes posts anyway.
_ACTIVE_MARKUP = re.compile(
    r"<\s*/?\s*(?:script|iframe|object|embed|style|svg|img|link|meta|form)\b|javascript\s*:|\bon[a-z]+\s*=",
    re.IGNORECASE,
)


class RateLimited(DomainError):
    """Too many messages in a short time (HTTP 429 in the API)."""

    status_code = 429


def _check_text(body: str, *, field: str = "body") -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({field: [_("Write a message.")]})
    if len(body) > MAX_POST_CHARS:
        raise ValidationError(
            {
                field: [
                    _("Messages are limited to %(limit)s characters; this one has %(count)s.")
                    % {"limit": MAX_POST_CHARS, "count": len(body)}
                ]
            }
        )
    if _ACTIVE_MARKUP.search(body):
        raise ValidationError({field: [_("Messages are plain text: remove the HTML or script.")]})
    findings = scan_text(body)
    if findings:
        raise ValidationError(
            {
                field: [
                    _("Remove what could identify a victim or survivor (%(kinds)s) before posting.")
                    % {"kinds": ", ".join(sorted({finding.kind.replace("_", " ") for finding in findings}))}
                ]
            }
        )
    return body


def _throttle(actor, *, scope: str, limit: int, window: int) -> None:
    """Refuse past `limit` actions per `window` seconds; counts live in the shared cache."""
    key = "network-%s:%s" % (scope, actor.pk)
    cache.add(key, 0, window)
    if (cache.get(key) or 0) >= limit:
        raise RateLimited(_("You have sent too many messages in a short time. Please wait a few minutes."))


def _count(actor, *, scope: str, window: int) -> None:
    key = "network-%s:%s" % (scope, actor.pk)
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)


def _check_member(actor) -> None:
    if not (actor.is_authenticated and actor.is_active):
        raise PermissionDenied(_("Sign in to take part in discussions."))


def _thread_url(user, thread: Thread) -> str:
    return link_for(user, "network:thread", pk=thread.pk)


UNSUBSCRIBE_SALT = "network.thread-unsubscribe"


def _unsubscribe_url(subscription: ThreadSubscription) -> str:
    """A link that stops this subscription without signing in: the subscription's id, signed."""
    token = signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)
    return link_for(subscription.user, "network:unsubscribe", token=token)


def subscription_for_token(token: str) -> ThreadSubscription | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return ThreadSubscription.objects.select_related("thread", "user").filter(pk=pk).first()


@transaction.atomic
def thread_unsubscribe_by_token(*, token: str) -> ThreadSubscription | None:
    """One click from a discussion e-mail: that subscription ends (None when the link is stale or forged)."""
    subscription = subscription_for_token(token)
    if subscription is not None:
        ThreadSubscription.objects.filter(pk=subscription.pk).delete()
    return subscription


def _organization_members(organization):
    if organization is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(memberships__organization=organization, is_active=True).distinct()


@transaction.atomic
def thread_start(*, item, actor, title: str, body: str, language: str) -> Thread:
    """A question or comment on a published practice or resource; its organisation hears of it."""
    _check_member(actor)
    if getattr(item, "state", "") != "published":
        raise InvalidTransition(_("Only published items can be discussed."), state=getattr(item, "state", ""))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": [_("Give your question a subject.")]})
    if len(title) > 200:
        raise ValidationError({"title": [_("The subject is limited to 200 characters.")]})
    if _ACTIVE_MARKUP.search(title):
        raise ValidationError({"title": [_("Messages are plain text: remove the HTML or script.")]})
    body = _check_text(body)
    if language not in dict(settings.LANGUAGES):
        language = actor.preferred_language
    _throttle(actor, scope="posts", limit=settings.DISCUSSION_POST_LIMIT, window=settings.DISCUSSION_POST_WINDOW)
    field = "practice" if item._meta.model_name == "practice" else "resource"
    thread = Thread.objects.create(title=title, language=language, started_by=actor, **{field: item})
    organization = item.organization
    Post.objects.create(
        thread=thread,
        author=actor,
        body=body,
        language=language,
        by_organization=organization is not None and is_member(actor, organization),
    )
    ThreadSubscription.objects.get_or_create(thread=thread, user=actor)
    audit_record(actor=actor, verb="discussion.start", target=thread)
    recipients = _organization_members(organization).exclude(pk=actor.pk)
    if organization is None:
        recipients = get_user_model().objects.with_role("editor").exclude(pk=actor.pk)
    for member in recipients:
        notify(
            recipient=member,
            kind="discussion_question",
            context={"item": str(item), "title": title, "body": body, "url": _thread_url(member, thread)},
        )
    _count(actor, scope="posts", window=settings.DISCUSSION_POST_WINDOW)
    return thread


@transaction.atomic
def post_add(*, thread: Thread, actor, body: str, language: str = "") -> Post:
    """An answer or comment; every subscriber but the author receives it by e-mail."""
    _check_member(actor)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.locked:
        raise InvalidTransition(_("This discussion is locked: no new posts."), state="locked")
    if thread.hidden:
        raise InvalidTransition(_("This discussion is hidden."), state="hidden")
    body = _check_text(body)
    if language not in dict(settings.LANGUAGES):
        language = actor.preferred_language
    _throttle(actor, scope="posts", limit=settings.DISCUSSION_POST_LIMIT, window=settings.DISCUSSION_POST_WINDOW)
    organization = thread.organization
    post = Post.objects.create(
        thread=thread,
        author=actor,
        body=body,
        language=language,
        by_organization=organization is not None and is_member(actor, organization),
    )
    thread.last_post_at = post.created_at
    thread.save(update_fields=["last_post_at"])
    ThreadSubscription.objects.get_or_create(thread=thread, user=actor)
    audit_record(actor=actor, verb="discussion.post", target=thread, note="post %s" % post.pk)
    author = str(organization) if post.by_organization else actor.get_short_name()
    immediate = (
        thread.subscriptions.exclude(user=actor)
        .filter(frequency=ThreadSubscription.Frequency.IMMEDIATE, user__is_active=True)
        .select_related("user")
    )
    for subscription in immediate:
        notify(
            recipient=subscription.user,
            kind="discussion_post",
            context={
                "title": thread.title,
                "author": author,
                "body": body,
                "answer": post.by_organization,
                "url": _thread_url(subscription.user, thread),
                "unsubscribe_url": _unsubscribe_url(subscription),
            },
        )
    _count(actor, scope="posts", window=settings.DISCUSSION_POST_WINDOW)
    return post


@transaction.atomic
def thread_subscribe(*, thread: Thread, actor, subscribe: bool = True, frequency: str = "immediate") -> bool:
    _check_member(actor)
    if frequency not in ThreadSubscription.Frequency.values:
        raise ValidationError({"frequency": [_("Choose each post at once or a daily digest.")]})
    if subscribe:
        ThreadSubscription.objects.update_or_create(
            thread=thread, user=actor, defaults={"frequency": frequency, "digested_until": timezone.now()}
        )
    else:
        ThreadSubscription.objects.filter(thread=thread, user=actor).delete()
    return subscribe


def thread_digests_send(*, now=None) -> int:
    """Daily: each digest subscriber gets the posts of the last day in their threads, one e-mail per thread.

    The dedupe key names the subscription and the period, so a second run (or one after a crash) sends
    nothing twice, and nothing is sent for a thread without new visible posts.
    """
    now = now or timezone.now()
    sent = 0
    due = ThreadSubscription.objects.filter(
        frequency=ThreadSubscription.Frequency.DAILY,
        digested_until__lte=now - timedelta(days=1),
        user__is_active=True,
    ).select_related("thread", "user")
    for subscription in due:
        with transaction.atomic():
            posts = list(
                Post.objects.filter(
                    thread=subscription.thread,
                    hidden=False,
                    created_at__gt=subscription.digested_until,
                    created_at__lte=now,
                )
                .exclude(author=subscription.user)
                .select_related("author")
                .order_by("created_at")
            )
            if posts and not subscription.thread.hidden:
                notify(
                    recipient=subscription.user,
                    kind="discussion_digest",
                    context={
                        "title": subscription.thread.title,
                        "posts": [{"author": post.author.get_short_name(), "body": post.body[:1000]} for post in posts],
                        "url": _thread_url(subscription.user, subscription.thread),
                        "unsubscribe_url": _unsubscribe_url(subscription),
                    },
                    dedupe_key="thread-digest:%s:%s" % (subscription.pk, subscription.digested_until.isoformat()),
                )
                sent += 1
            ThreadSubscription.objects.filter(pk=subscription.pk).update(digested_until=now)
    return sent


@transaction.atomic
def post_report(*, post: Post, actor, reason: str = "") -> PostReport:
    """A member flags a post; the editors are told."""
    _check_member(actor)
    post = Post.objects.select_related("thread").get(pk=post.pk)
    if post.hidden:
        raise InvalidTransition(_("This post is already hidden."), state="hidden")
    reason = (reason or "").strip()[:500]
    try:
        with transaction.atomic():
            report = PostReport.objects.create(post=post, reporter=actor, reason=reason)
    except IntegrityError:
        raise DomainError(_("You have already reported this post; the editors will look at it.")) from None
    audit_record(actor=actor, verb="discussion.report", target=post.thread, note="post %s" % post.pk)
    for editor in get_user_model().objects.with_role("editor"):
        notify(
            recipient=editor,
            kind="discussion_report",
            context={"title": post.thread.title, "reason": reason, "url": _thread_url(editor, post.thread)},
            dedupe_key="discussion-report:%s:%s" % (post.pk, editor.pk),
        )
    return report


@transaction.atomic
def post_hide(*, post: Post, actor, note: str = "") -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not is_editor(actor):
        raise PermissionDenied(_("Only editors moderate discussions."))
    if post.hidden:
        raise InvalidTransition(_("This post is already hidden."), state="hidden")
    post.hidden, post.hidden_by, post.hidden_at = True, actor, timezone.now()
    post.save(update_fields=["hidden", "hidden_by", "hidden_at"])
    post.reports.update(resolved=True)
    audit_record(actor=actor, verb="discussion.hide", target=post.thread, note="post %s %s" % (post.pk, note))
    return post


@transaction.atomic
def thread_lock(*, thread: Thread, actor, locked: bool = True) -> Thread:
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not is_editor(actor):
        raise PermissionDenied(_("Only editors moderate discussions."))
    if thread.locked == locked:
        raise InvalidTransition(
            _("This discussion is already locked.") if locked else _("This discussion is not locked."),
            state="locked" if thread.locked else "open",
        )
    thread.locked = locked
    thread.save(update_fields=["locked"])
    audit_record(actor=actor, verb="discussion.lock" if locked else "discussion.unlock", target=thread)
    return thread


def expert_is_listed(profile: ReviewerProfile) -> bool:
    return profile.state == ReviewerProfile.State.APPROVED and profile.public_directory and profile.user.is_active


@transaction.atomic
def expert_contact(*, profile: ReviewerProfile, actor, subject: str, body: str) -> ExpertMessage:
    """Sent through the outbox: the expert gets the sender's address to reply; the sender never sees the expert's."""
    _check_member(actor)
    if not expert_is_listed(profile):
        raise PermissionDenied(_("This expert is not in the public directory."))
    if profile.user_id == actor.pk:
        raise DomainError(_("You cannot write to yourself."))
    subject = (subject or "").strip()
    if not subject or len(subject) > 200:
        raise ValidationError({"subject": [_("Give a subject of at most 200 characters.")]})
    body = _check_text(body)
    _throttle(actor, scope="expert", limit=settings.EXPERT_MESSAGE_LIMIT, window=settings.EXPERT_MESSAGE_WINDOW)
    message = ExpertMessage.objects.create(expert=profile.user, sender=actor, subject=subject, body=body)
    audit_record(actor=actor, verb="expert.contact", target=profile, note="message %s" % message.pk)
    notify(
        recipient=profile.user,
        kind="expert_message",
        context={
            "sender": actor.get_full_name(),
            "sender_email": actor.email,
            "subject": subject,
            "body": body,
        },
        show_in_inbox=True,
    )
    _count(actor, scope="expert", window=settings.EXPERT_MESSAGE_WINDOW)
    return message

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_POST_CHARS = 4000


class Thread(models.Model):
    """A question or comment about a published practice or resource, and the answers to it."""

    practice = models.ForeignKey(
        "practices.Practice",
        verbose_name=_("practice"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="threads",
    )
    resource = models.ForeignKey(
        "resources.Resource",
        verbose_name=_("resource"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="threads",
    )
    title = models.CharField(_("subject"), max_length=200)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    locked = models.BooleanField(_("locked"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("last post at"), auto_now_add=True)

    class Meta:
        ordering = ["-last_post_at"]
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(practice__isnull=False) & models.Q(resource__isnull=True))
                | (models.Q(practice__isnull=True) & models.Q(resource__isnull=False)),
                name="thread_about_one_item",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def subject(self):
        return self.practice if self.practice_id else self.resource

    @property
    def organization(self):
        """The organisation behind the item, which answers questions about it (none for curated resources)."""
        return self.subject.organization


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("message"), max_length=MAX_POST_CHARS)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # Written by a member of the organisation behind the item: shown as its answer.
    by_organization = models.BooleanField(_("answer of the organisation"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        ordering = ["thread", "created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return self.body[:60]


class PostReport(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="post_report_once_per_member")]

    def __str__(self):
        return "%s: %s" % (self.post_id, self.reason)


class ThreadSubscription(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Each new post at once")
        DAILY = "daily", _("A daily digest")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    # Posts after this moment go into the next digest.
    digested_until = models.DateTimeField(_("digested until"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("discussion subscription")
        verbose_name_plural = _("discussion subscriptions")
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="thread_subscription_unique")]

    def __str__(self):
        return "%s → %s" % (self.user_id, self.thread_id)


class ExpertMessage(models.Model):
    """A message sent to an expert through the portal; the expert's e-mail address is never shown."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="+"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sender"), on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=MAX_POST_CHARS)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message to an expert")
        verbose_name_plural = _("messages to experts")

    def __str__(self):
        return self.subject

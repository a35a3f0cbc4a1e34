from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def inbox_of(self, user):
        return self.filter(recipient=user, show_in_inbox=True)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """The outbox: written in the same transaction as the change that causes it (DESIGN.md)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # For people without an account (alert subscribers): the address the message goes to.
    to_email = models.EmailField(_("e-mail address"), blank=True)
    kind = models.CharField(_("kind"), max_length=64)
    context = models.JSONField(_("context"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # Reminders and digests set it, so creating the same notification twice sends it once.
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, null=True, blank=True, unique=True)
    show_in_inbox = models.BooleanField(_("shown in the inbox"), default=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["created_at"], name="notification_pending_idx", condition=models.Q(state="pending")),
            models.Index(fields=["recipient", "read_at"], name="notification_inbox_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="sent") | models.Q(sent_at__isnull=False),
                name="notification_sent_has_sent_at",
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(to_email=""),
                name="notification_has_an_address",
            ),
        ]

    def __str__(self):
        return "%s → %s (%s)" % (self.kind, self.recipient or self.to_email, self.state)

    @property
    def address(self) -> str:
        return self.recipient.email if self.recipient_id else self.to_email


class AlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def of(self, user):
        return self.filter(models.Q(user=user) | models.Q(email__iexact=user.email))


class Alert(models.Model):
    """A saved search someone follows by e-mail: new matches arrive at once, daily or weekly."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As soon as something is published")
        DAILY = "daily", _("Once a day")
        WEEKLY = "weekly", _("Once a week")

    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    query = models.CharField(_("search"), max_length=1000, blank=True, help_text=_("The search page's query string."))
    description = models.CharField(_("description"), max_length=500)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.WEEKLY)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # Secret of the confirmation and unsubscribe links.
    token = models.CharField(_("token"), max_length=64, unique=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Items published after this moment are new to the subscriber.
    checked_until = models.DateTimeField(_("checked until"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(fields=["email", "query"], name="alert_unique_search_per_address"),
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True) | models.Q(checked_until__isnull=False),
                name="alert_confirmed_has_checkpoint",
            ),
        ]

    def __str__(self):
        return "%s: %s" % (self.email, self.description)

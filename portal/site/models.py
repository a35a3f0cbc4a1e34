from django.db import models
from django.utils.translation import gettext_lazy as _


class FeaturedPractice(models.Model):
    """A published practice the editors put forward on the home page, in their order.

    Kept here rather than as a flag on the practice: featuring is a choice about the home page, and an
    unpublished practice simply stops showing (the home page reads published ones only).
    """

    practice = models.OneToOneField(
        "practices.Practice", verbose_name=_("good practice"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["position", "-added_at"]
        verbose_name = _("featured practice")
        verbose_name_plural = _("featured practices")

    def __str__(self):
        return str(self.practice)

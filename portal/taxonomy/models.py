from django.db import models
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """A controlled-vocabulary entry: a stable slug for URLs and the API, a translated name."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name


class Region(Term):
    """A UN M49 region (parent empty) or sub-region."""

    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta(Term.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Country(models.Model):
    code = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=200)
    m49 = models.CharField(_("M49 code"), max_length=3, blank=True)
    # The M49 sub-region; empty only where M49 places the territory nowhere (Antarctica).
    subregion = models.ForeignKey(
        Region,
        verbose_name=_("sub-region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="countries",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[A-Z]{2}$"), name="country_code_is_alpha2"),
        ]

    def __str__(self):
        return self.name

    @property
    def region(self):
        return self.subregion.parent if self.subregion else None


class Theme(Term):
    parent = models.ForeignKey(
        "self", verbose_name=_("parent theme"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta(Term.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class ExploitationForm(Term):
    class Meta(Term.Meta):
        verbose_name = _("form of exploitation")
        verbose_name_plural = _("forms of exploitation")


class TargetGroup(Term):
    class Meta(Term.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class Sector(Term):
    class Meta(Term.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

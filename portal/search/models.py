from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.search.fields import PortableArrayField

# Geographic scope, in the order results are listed: global content before regional before national.
SCOPE_RANK = {"global": 0, "regional": 1, "multi_country": 2, "national": 3, "local": 4, "": 5}


def ids_field(verbose_name):
    return PortableArrayField(models.IntegerField(), verbose_name=verbose_name, default=list, blank=True)


class SearchEntry(models.Model):
    """One published object in one language: what search, facets, feeds and alerts read.

    Apps never query each other for search: each hands plain documents to portal.search.services.
    """

    key = models.CharField(_("key"), max_length=64)
    type = models.CharField(_("type"), max_length=32)
    object_id = models.PositiveIntegerField(_("object"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    is_original = models.BooleanField(_("original language"), default=True)
    original_language = models.CharField(_("original language"), max_length=10)
    languages = PortableArrayField(models.CharField(max_length=10), verbose_name=_("languages"), default=list)
    title = models.CharField(_("title"), max_length=500)
    # Lower case without accents, for typo-tolerant (trigram) matching of titles.
    title_norm = models.CharField(_("normalised title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)
    path = models.CharField(_("path without the language prefix"), max_length=300)
    vector = SearchVectorField(null=True)
    countries = ids_field(_("countries"))
    regions = ids_field(_("regions"))
    themes = ids_field(_("themes"))
    exploitation_forms = ids_field(_("forms of exploitation"))
    target_groups = ids_field(_("target groups"))
    sectors = ids_field(_("sectors"))
    scope = models.CharField(_("geographic scope"), max_length=16, blank=True)
    scope_rank = models.PositiveSmallIntegerField(_("scope order"), default=SCOPE_RANK[""])
    published = models.DateTimeField(_("published"))
    year = models.PositiveSmallIntegerField(_("year"))
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["key", "language"], name="search_entry_unique_language")]
        indexes = [
            models.Index(fields=["key"], name="search_entry_key_idx"),
            models.Index(fields=["scope_rank", "-published"], name="search_entry_order_idx"),
            models.Index(fields=["-published"], name="search_entry_published_idx"),
        ]

    def __str__(self):
        return "%s (%s)" % (self.title, self.language)

"""/sitemap.xml: every public page in every language, each with its hreflang alternates and x-default."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from campaigns.models import Campaign
from grants.models import Grant
from portal.site.selectors import countries_with_content
from portal.taxonomy.models import Region
from practices.models import Practice


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class MainPagesSitemap(I18nSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "site:home",
            "site:statistics",
            "site:countries",
            "practices:list",
            "practices:calls",
            "grants:calls",
            "grants:projects",
            "campaigns:list",
            "campaigns:calendar",
        ]

    def location(self, item):
        return reverse(item)


class PracticeSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return Practice.objects.published().order_by("pk").only("pk", "updated_at")

    def location(self, item):
        return reverse("practices:detail", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class CampaignSitemap(I18nSitemap):
    changefreq = "weekly"

    def items(self):
        return Campaign.objects.published().order_by("pk").only("pk", "updated_at")

    def location(self, item):
        return reverse("campaigns:detail", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class FundedProjectSitemap(I18nSitemap):
    changefreq = "monthly"

    def items(self):
        return Grant.objects.order_by("pk").only("pk")

    def location(self, item):
        return reverse("grants:project", args=[item.pk])


class CountrySitemap(I18nSitemap):
    changefreq = "weekly"

    def items(self):
        return countries_with_content().order_by("code").only("code")

    def location(self, item):
        return reverse("site:country", args=[item.code])


class RegionSitemap(I18nSitemap):
    changefreq = "weekly"

    def items(self):
        return Region.objects.order_by("position", "slug").only("slug")

    def location(self, item):
        return reverse("site:region", args=[item.slug])


SITEMAPS = {
    "pages": MainPagesSitemap,
    "practices": PracticeSitemap,
    "campaigns": CampaignSitemap,
    "projects": FundedProjectSitemap,
    "countries": CountrySitemap,
    "regions": RegionSitemap,
}

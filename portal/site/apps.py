from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "portal.site"
    label = "portal_site"
    verbose_name = _("Public site")

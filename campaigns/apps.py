from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Awareness campaigns")

    def ready(self):
        from campaigns.search import TYPE, all_documents
        from portal.search.documents import ContentType, register_type

        register_type(ContentType(key=TYPE, label=_("Awareness campaign"), all_documents=all_documents))

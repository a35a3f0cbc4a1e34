from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _on_decision(**kwargs):
    from resources.services import on_decision

    return on_decision(**kwargs)


def _describe(case):
    from resources.selectors import resource_for_review

    return resource_for_review(case)


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resource library")

    def ready(self):
        from portal.search.documents import ContentType, register_type
        from resources.search import TYPE, all_documents
        from reviews.registry import Owner, register_owner

        register_type(ContentType(key=TYPE, label=_("Resource"), all_documents=all_documents))
        register_owner(
            Owner(key="resources.resource", manager_role="editor", on_decision=_on_decision, describe=_describe)
        )

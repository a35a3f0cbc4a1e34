from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _on_decision(**kwargs):
    from practices.services import on_decision

    return on_decision(**kwargs)


def _describe(case):
    from practices.selectors import submission_for_review

    return submission_for_review(case)


def _changes_url(case):
    from django.urls import reverse

    from practices.models import Practice

    practice = Practice.objects.filter(review_case=case).only("pk").first()
    return reverse("practices:versions", args=[practice.pk]) if practice else None


def _attachments(case, assignment):
    from practices.selectors import attachments_for_review

    return attachments_for_review(case, assignment)


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good practices")

    def ready(self):
        from portal.search.documents import ContentType, register_type
        from practices.search import TYPE, all_documents
        from reviews.registry import Owner, register_owner

        register_type(ContentType(key=TYPE, label=_("Good practice"), all_documents=all_documents))

        register_owner(
            Owner(
                key="practices.practice",
                manager_role="editor",
                on_decision=_on_decision,
                describe=_describe,
                attachments=_attachments,
                changes_url=_changes_url,
            )
        )

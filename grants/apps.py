from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

OWNER = "grants.proposal"


def _on_decision(**kwargs):
    from grants.services.evaluation import on_decision

    return on_decision(**kwargs)


def _describe(case):
    from grants.selectors import proposal_for_board

    return proposal_for_board(case)


def _attachments(case, assignment):
    from grants.selectors import attachments_for_board

    return attachments_for_board(case, assignment)


def _provision_board_member(user):
    from reviews.services.roster import reviewer_ensure_approved

    reviewer_ensure_approved(user=user, languages=sorted({user.preferred_language, "en"}), group="board_member")


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Micro-grants")

    def ready(self):
        from grants.search import TYPE, all_documents
        from portal.accounts.services import register_role_provisioner
        from portal.search.documents import ContentType, register_type
        from reviews.registry import Owner, register_owner

        register_owner(
            Owner(
                key=OWNER,
                manager_role="grant_manager",
                reviewer_role="board_member",
                on_decision=_on_decision,
                describe=_describe,
                attachments=_attachments,
            )
        )
        register_type(ContentType(key=TYPE, label=_("Funded project"), all_documents=all_documents))
        # `adduser --role board_member` makes a board member who can be assigned proposals.
        register_role_provisioner("board_member", _provision_board_member)

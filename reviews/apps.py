from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Peer review")

    def ready(self):
        from portal.accounts.services import register_role_provisioner
        from reviews.services.roster import reviewer_ensure_approved

        # `adduser --role reviewer` makes an approved member of the Peer Review Roster (API.md).
        register_role_provisioner(
            "reviewer",
            lambda user: reviewer_ensure_approved(user=user, languages=sorted({user.preferred_language, "en"})),
        )

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from portal.site.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create demo organisations and one account per role (idempotent)."

    def handle(self, *args, **options):
        # Demo addresses are fictional: keep the e-mails the demo workflow sends out of the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            accounts = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at /en/accounts/login/ with:"))
        for email, role in accounts:
            self.stdout.write("  %-34s %-18s password: %s" % (email, role, DEMO_PASSWORD))

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.accounts.services import ALL_ROLES, user_provision


class Command(BaseCommand):
    help = "Create or update a confirmed account with a role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", required=True, help="One of: %s." % ", ".join(ALL_ROLES))
        parser.add_argument(
            "--organization", "--organisation", dest="organization", help="Created (verified) when missing."
        )
        parser.add_argument("--country", help="ISO 3166-1 alpha-2 code of the user (and of a new organisation).")
        parser.add_argument("--name", default="", help="Full name.")

    def handle(self, *args, email, password, role, organization, country, name, **options):
        try:
            user, created = user_provision(
                email=email,
                password=password,
                role=role,
                organization_name=organization,
                country_code=country,
                full_name=name,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS("%s %s with role %s." % (verb, user.email, role)))

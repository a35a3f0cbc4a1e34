from django.core.management.base import BaseCommand

from portal.search.services import rebuild_index


class Command(BaseCommand):
    help = "Re-index every published practice, campaign and funded project in every language they exist in."

    def add_arguments(self, parser):
        parser.add_argument("--type", action="append", dest="types", help="Only this type (repeatable).")

    def handle(self, *args, types=None, **options):
        count = rebuild_index(types)
        self.stdout.write("%s search entries written." % count)

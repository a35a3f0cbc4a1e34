from django.apps import apps
from django.core.management.base import BaseCommand

from portal.taxonomy.services import TERM_FILES, load_reference_data


class Command(BaseCommand):
    help = "Create or refresh regions, countries, themes, forms of exploitation, target groups and sectors."

    def handle(self, *args, **options):
        names = ["Region", "Country", *TERM_FILES]
        load_reference_data(models={name: apps.get_model("taxonomy", name) for name in names})
        self.stdout.write(self.style.SUCCESS("Taxonomy loaded."))

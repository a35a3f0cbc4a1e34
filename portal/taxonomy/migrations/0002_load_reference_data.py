from django.db import migrations

from portal.taxonomy.services import TERM_FILES, load_reference_data


def load(apps, schema_editor):
    names = ["Region", "Country", *TERM_FILES]
    load_reference_data(models={name: apps.get_model("taxonomy", name) for name in names})


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

from django.db import migrations

from reviews.rubrics import load_default_rubrics


def load(apps, schema_editor):
    load_default_rubrics(models={name: apps.get_model("reviews", name) for name in ["Rubric", "RubricLevel", "Criterion"]})


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

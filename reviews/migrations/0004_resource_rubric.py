from django.db import migrations, models

from reviews.rubrics import load_default_rubrics


def load(apps, schema_editor):
    # Creates only the rubrics still missing (here the resource rubric); existing ones are left as edited.
    load_default_rubrics(models={name: apps.get_model("reviews", name) for name in ["Rubric", "RubricLevel", "Criterion"]})


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_case_comments")]

    operations = [
        migrations.AlterField(
            model_name="rubric",
            name="kind",
            field=models.CharField(
                choices=[("practice", "Good practice"), ("grant", "Grant proposal"), ("resource", "Resource")],
                max_length=16,
                verbose_name="used for",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]

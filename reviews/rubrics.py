"""The default rubrics (1–5 scale), seeded by a migration and editable in the admin afterwards."""

import json
from pathlib import Path

from portal.taxonomy.services import translated_values

DATA = Path(__file__).resolve().parent / "data" / "rubrics.json"


def load_default_rubrics(*, models: dict) -> None:
    """Create the default rubrics when missing; never overwrite an editor's changes."""
    Rubric, RubricLevel, Criterion = models["Rubric"], models["RubricLevel"], models["Criterion"]
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for item in data["rubrics"]:
        rubric, created = Rubric.objects.get_or_create(
            slug=item["slug"],
            defaults={"kind": item["kind"], "is_default": True, **translated_values("name", item["name"])},
        )
        if not created:
            continue
        for level in data["levels"]:
            RubricLevel.objects.create(
                rubric=rubric, value=level["value"], **translated_values("description", level["description"])
            )
        for position, criterion in enumerate(item["criteria"]):
            Criterion.objects.create(
                rubric=rubric,
                slug=criterion["slug"],
                weight=criterion["weight"],
                allow_na=criterion["allow_na"],
                position=position,
                **translated_values("label", criterion["label"]),
            )

"""What every part of the load data reads once: the taxonomy, the moment of the run."""

from dataclasses import dataclass
from datetime import UTC, datetime

from portal.taxonomy.models import Country, ExploitationForm, Region, Sector, TargetGroup, Theme

TAXONOMY = {"themes": Theme, "exploitation_forms": ExploitationForm, "target_groups": TargetGroup, "sectors": Sector}


@dataclass
class Context:
    now: datetime
    subregions: dict[int, int | None]  # country → sub-region
    parents: dict[int, int | None]  # sub-region → region
    taxonomy: dict[str, list[int]]
    names: dict[str, dict[int, str]]  # "countries", "themes"… → {pk: name}, for version snapshots
    region_ids: list[int]

    @classmethod
    def load(cls) -> "Context":
        subregions = dict(Country.objects.values_list("pk", "subregion_id"))
        if not subregions:
            raise RuntimeError("No countries: run `manage.py load_taxonomy` first.")
        names = {"countries": {country.pk: str(country) for country in Country.objects.all()}}
        taxonomy = {}
        for name, model in TAXONOMY.items():
            names[name] = {term.pk: str(term) for term in model.objects.all()}
            taxonomy[name] = sorted(names[name])
        return cls(
            now=datetime.now(UTC).replace(microsecond=0),
            subregions=subregions,
            parents=dict(Country.objects.values_list("subregion_id", "subregion__parent_id")),
            taxonomy=taxonomy,
            names=names,
            region_ids=list(Region.objects.values_list("pk", flat=True)),
        )

    @property
    def country_ids(self) -> list[int]:
        return sorted(self.subregions)

    def regions(self, country_ids) -> list[int]:
        """The sub-regions and regions of these countries, as the search index adds them."""
        found = set()
        for country in country_ids:
            subregion = self.subregions[country]
            found.update(pk for pk in (subregion, self.parents.get(subregion)) if pk)
        return sorted(found)

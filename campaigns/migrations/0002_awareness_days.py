from django.db import migrations

DAYS = [
    {
        "slug": "world-day-against-child-labour",
        "day": 12,
        "month": 6,
        "name": {
            "en": "World Day Against Child Labour",
            "fr": "Journée mondiale contre le travail des enfants",
            "es": "Día Mundial contra el Trabajo Infantil",
            "pt": "Dia Mundial contra o Trabalho Infantil",
            "ar": "اليوم العالمي لمكافحة عمل الأطفال",
            "ru": "Всемирный день борьбы с детским трудом",
            "zh_hans": "世界无童工日",
            "hi": "विश्व बाल श्रम निषेध दिवस",
        },
        "description": "Draws attention to children made to work, often in conditions of trafficking and forced labour.",
    },
    {
        "slug": "world-day-against-trafficking-in-persons",
        "day": 30,
        "month": 7,
        "name": {
            "en": "World Day against Trafficking in Persons",
            "fr": "Journée mondiale de la lutte contre la traite d'êtres humains",
            "es": "Día Mundial contra la Trata de Personas",
            "pt": "Dia Mundial contra o Tráfico de Pessoas",
            "ar": "اليوم العالمي لمناهضة الاتجار بالأشخاص",
            "ru": "Всемирный день борьбы с торговлей людьми",
            "zh_hans": "世界打击贩运人口日",
            "hi": "विश्व मानव तस्करी निषेध दिवस",
        },
        "description": "The United Nations day to raise awareness of the situation of victims of trafficking.",
    },
    {
        "slug": "international-day-for-the-abolition-of-slavery",
        "day": 2,
        "month": 12,
        "name": {
            "en": "International Day for the Abolition of Slavery",
            "fr": "Journée internationale pour l'abolition de l'esclavage",
            "es": "Día Internacional para la Abolición de la Esclavitud",
            "pt": "Dia Internacional para a Abolição da Escravatura",
            "ar": "اليوم الدولي لإلغاء الرق",
            "ru": "Международный день борьбы за отмену рабства",
            "zh_hans": "废除奴隶制国际日",
            "hi": "अंतर्राष्ट्रीय दासता उन्मूलन दिवस",
        },
        "description": "Recalls contemporary forms of slavery, domestic servitude among them.",
    },
]


def load(apps, schema_editor):
    AwarenessDay = apps.get_model("campaigns", "AwarenessDay")
    for item in DAYS:
        names = {"name_%s" % code: text for code, text in item["name"].items()}
        AwarenessDay.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "day": item["day"],
                "month": item["month"],
                "name": item["name"]["en"],
                "description": item["description"],
                "description_en": item["description"],
                **names,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("campaigns", "AwarenessDay").objects.filter(slug__in=[item["slug"] for item in DAYS]).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

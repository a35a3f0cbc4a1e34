"""PostgreSQL only: accent-free stemming per language, GIN indexes for text and facets, trigrams for typos.

The embedded SQLite default has none of this; portal.search.query falls back to a plain text match there.
"""

from django.db import migrations

STEMMERS = {
    "portal_english": ("english", "english_stem"),
    "portal_french": ("french", "french_stem"),
    "portal_spanish": ("spanish", "spanish_stem"),
    "portal_arabic": ("arabic", "arabic_stem"),
    "portal_russian": ("russian", "russian_stem"),
    "portal_portuguese": ("portuguese", "portuguese_stem"),
    "portal_hindi": ("hindi", "hindi_stem"),
    "portal_simple": ("simple", "simple"),
}
FACETS = ["countries", "regions", "themes", "exploitation_forms", "target_groups", "sectors", "languages"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    statements = ["CREATE EXTENSION IF NOT EXISTS unaccent", "CREATE EXTENSION IF NOT EXISTS pg_trgm"]
    for name, (source, stemmer) in STEMMERS.items():
        statements += [
            "DROP TEXT SEARCH CONFIGURATION IF EXISTS %s" % name,
            "CREATE TEXT SEARCH CONFIGURATION %s (COPY = %s)" % (name, source),
            "ALTER TEXT SEARCH CONFIGURATION %s ALTER MAPPING FOR hword, hword_part, word, asciiword, "
            "asciihword, hword_asciipart WITH unaccent, %s" % (name, stemmer),
        ]
    statements.append("CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (vector)")
    statements.append(
        "CREATE INDEX search_entry_title_trgm ON search_searchentry USING gin (title_norm gin_trgm_ops)"
    )
    for facet in FACETS:
        statements.append("CREATE INDEX search_entry_%s_gin ON search_searchentry USING gin (%s)" % (facet, facet))
    for statement in statements:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_entry_vector_gin", params=None)
    schema_editor.execute("DROP INDEX IF EXISTS search_entry_title_trgm", params=None)
    for facet in FACETS:
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_%s_gin" % facet, params=None)
    for name in STEMMERS:
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS %s" % name, params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]

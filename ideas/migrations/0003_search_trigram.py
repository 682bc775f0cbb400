"""A pg_trgm GIN index on the folded search text, so "contains" searches stay fast on PostgreSQL.

On SQLite this migration does nothing: the same search works there, only without an index.
pg_trgm is a trusted extension (PG 13+), so a role with CREATEDB may create it.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS idea_search_trgm ON ideas_idea USING gin (search_text gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS idea_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("ideas", "0002_events_attachments_progress")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]

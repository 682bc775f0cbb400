"""Similar ideas compared by a short text: the first words of the title and problem, folded, with a
pg_trgm GIN index of its own on PostgreSQL (the long search text shares trigrams with nearly every
typed title, so its index had to recheck most ideas).

The backfill folds as ideas.search.similar_text_for does (copied here: a migration stays frozen).
"""

import re
import unicodedata

from django.db import migrations, models

WORDS = 24
NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text):
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return NON_WORD.sub(" ", text).strip()


def fill_similar_text(apps, schema_editor):
    Idea = apps.get_model("ideas", "Idea")
    batch = []
    for idea in Idea.objects.only("pk", "title", "problem").iterator(chunk_size=2000):
        idea.similar_text = " ".join(fold(f"{idea.title} {idea.problem}").split()[:WORDS])
        batch.append(idea)
        if len(batch) == 2000:
            Idea.objects.bulk_update(batch, ["similar_text"])
            batch = []
    Idea.objects.bulk_update(batch, ["similar_text"])


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS idea_similar_trgm ON ideas_idea USING gin (similar_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS idea_similar_trgm")


class Migration(migrations.Migration):
    dependencies = [("ideas", "0010_recognition_cites_council_meeting")]

    operations = [
        migrations.AddField(
            model_name="idea",
            name="similar_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_similar_text, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]

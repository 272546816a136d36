"""Search: the corpus vocabulary behind "did you mean" (trigram-indexed), and vectors rebuilt in
the analysed format (terms with positions; title weighted A, body B)."""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE articles_search_vocabulary (word text PRIMARY KEY, ndoc integer NOT NULL);
CREATE INDEX articles_search_vocabulary_trgm
    ON articles_search_vocabulary USING gin (word gin_trgm_ops);
"""
BACKWARD = "DROP TABLE articles_search_vocabulary;"


def reindex_all(apps, schema_editor):
    from articles.search.index import rebuild_vocabulary, stored_vectors, update_search_vectors

    Article = apps.get_model("articles", "Article")
    articles = list(Article.objects.only("title", "body", "boilerplate_spans"))
    literals, _cut = stored_vectors([(a.title, a.body, a.boilerplate_spans) for a in articles])
    update_search_vectors([(a.pk, v) for a, v in zip(articles, literals, strict=True)])
    rebuild_vocabulary()


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_roles_review_throttle")]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.RunPython(reindex_all, migrations.RunPython.noop),
    ]

"""Annotations in the headline and the byline: `part` says which stored text the offsets count in.

The triggers of migration 0002 learn the part: a span must end within its own text (the body,
the title or the author column, counted in code points), and an article's title or byline may
no more be shortened under a live annotation than its body.
"""

from django.conf import settings
from django.db import migrations, models

_LENGTH = """CASE {part} WHEN 'title' THEN char_length({row}.title)
                 WHEN 'byline' THEN char_length({row}.author)
                 ELSE char_length({row}.body) END"""

FORWARD = f"""
CREATE OR REPLACE FUNCTION articles_annotation_span_check() RETURNS trigger AS $$
DECLARE text_length integer;
BEGIN
    SELECT {_LENGTH.format(part="NEW.part", row="a")} INTO text_length
        FROM articles_article a WHERE a.id = NEW.article_id;
    IF NOT NEW.is_orphan AND NEW."end" > text_length THEN
        RAISE EXCEPTION 'annotation span %-% ends beyond the article''s % (% characters)',
            NEW.start, NEW."end", NEW.part, text_length
            USING ERRCODE = 'check_violation', CONSTRAINT = 'annotation_end_within_body';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER annotation_end_within_body ON articles_annotation;
CREATE TRIGGER annotation_end_within_body
    BEFORE INSERT OR UPDATE OF start, "end", article_id, is_orphan, part ON articles_annotation
    FOR EACH ROW EXECUTE FUNCTION articles_annotation_span_check();

CREATE OR REPLACE FUNCTION articles_article_body_check() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM articles_annotation n
               WHERE n.article_id = NEW.id AND NOT n.is_orphan
                 AND n."end" > {_LENGTH.format(part="n.part", row="NEW")}) THEN
        RAISE EXCEPTION 'article % text is shorter than one of its annotations; re-anchor first', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'annotation_end_within_body';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER article_body_covers_annotations ON articles_article;
CREATE TRIGGER article_body_covers_annotations
    BEFORE UPDATE OF body, title, author ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_body_check();
"""

# Back to 0002's body-only checks (before the part column is dropped: the trigger names it).
BACKWARD = """
DROP TRIGGER article_body_covers_annotations ON articles_article;
CREATE TRIGGER article_body_covers_annotations
    BEFORE UPDATE OF body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_body_check();
DROP TRIGGER annotation_end_within_body ON articles_annotation;
CREATE TRIGGER annotation_end_within_body
    BEFORE INSERT OR UPDATE OF start, "end", article_id, is_orphan ON articles_annotation
    FOR EACH ROW EXECUTE FUNCTION articles_annotation_span_check();
CREATE OR REPLACE FUNCTION articles_annotation_span_check() RETURNS trigger AS $$
DECLARE body_length integer;
BEGIN
    SELECT char_length(body) INTO body_length FROM articles_article WHERE id = NEW.article_id;
    IF NOT NEW.is_orphan AND NEW."end" > body_length THEN
        RAISE EXCEPTION 'annotation span %-% ends beyond the article body (% characters)',
            NEW.start, NEW."end", body_length
            USING ERRCODE = 'check_violation', CONSTRAINT = 'annotation_end_within_body';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION articles_article_body_check() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM articles_annotation
               WHERE article_id = NEW.id AND "end" > char_length(NEW.body) AND NOT is_orphan) THEN
        RAISE EXCEPTION 'article % body is shorter than one of its annotations; re-anchor first', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'annotation_end_within_body';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_claim_verdicts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="annotation",
            name="part",
            field=models.CharField(
                choices=[("body", "body"), ("title", "headline"), ("byline", "byline")],
                default="body",
                help_text="The text the offsets count in: the body, the title (headline) or the byline.",
                max_length=10,
                verbose_name="part of the article",
            ),
        ),
        migrations.AlterField(
            model_name="annotation",
            name="start",
            field=models.IntegerField(
                help_text="Code-point offset into the stored text of the part.",
                verbose_name="start",
            ),
        ),
        migrations.AddConstraint(
            model_name="annotation",
            constraint=models.CheckConstraint(
                condition=models.Q(("part__in", ["body", "title", "byline"])),
                name="annotation_part_known",
            ),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]

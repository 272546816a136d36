"""Reject annotation spans that end beyond their article's body, in the database itself.

A CHECK constraint cannot read another table, so a trigger does it. char_length() counts code
points in a UTF-8 database, the unit the offsets are stored in. Bodies are never rewritten, but
if one ever is, annotations must be re-anchored first: the trigger on articles refuses a body
shorter than an existing annotation's end.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION articles_annotation_span_check() RETURNS trigger AS $$
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

CREATE TRIGGER annotation_end_within_body
    BEFORE INSERT OR UPDATE OF start, "end", article_id, is_orphan ON articles_annotation
    FOR EACH ROW EXECUTE FUNCTION articles_annotation_span_check();

CREATE FUNCTION articles_article_body_check() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM articles_annotation
               WHERE article_id = NEW.id AND "end" > char_length(NEW.body) AND NOT is_orphan) THEN
        RAISE EXCEPTION 'article % body is shorter than one of its annotations; re-anchor first', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'annotation_end_within_body';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER article_body_covers_annotations
    BEFORE UPDATE OF body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_body_check();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS article_body_covers_annotations ON articles_article;
DROP FUNCTION IF EXISTS articles_article_body_check();
DROP TRIGGER IF EXISTS annotation_end_within_body ON articles_annotation;
DROP FUNCTION IF EXISTS articles_annotation_span_check();
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

"""Mentions counted per outlet or claimant × claim by stance and framing (`MentionTally`), kept
exact by statement triggers on annotations and a row trigger on an article's outlet, and filled
from the mentions already stored."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0022_article_reindex_pending'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['id'], include=['outlet', 'published_at'], name='article_placed'),
        ),
        migrations.CreateModel(
            name='MentionTally',
            fields=[
                ('pk', models.CompositePrimaryKey('kind', 'row_id', 'claim_id', 'stance', 'framing', blank=True, editable=False, primary_key=True, serialize=False)),
                ('kind', models.CharField(max_length=1)),
                ('row_id', models.BigIntegerField()),
                ('claim_id', models.BigIntegerField()),
                ('stance', models.CharField(max_length=20)),
                ('framing', models.CharField(max_length=20)),
                ('n', models.IntegerField()),
            ],
            options={
                'indexes': [models.Index(fields=['kind', 'claim_id', 'row_id'], name='mention_tally_by_claim'), models.Index(condition=models.Q(('n', 0)), fields=['kind'], name='mention_tally_zero')],
            },
        ),
    ]


# The keys each changed mention moves (`changed`: outlet, claimant, claim, stance, framing and
# +1 or -1), summed per key, so that a statement writing thousands of mentions makes one upsert
# per key; keys in a fixed order, so that two writers lock shared rows in the same order.
UPSERT = """
WITH changed(outlet_id, claimant_id, claim_id, stance, framing, d) AS ({changed}),
keys(kind, row_id, claim_id, stance, framing, d) AS (
    SELECT 'o', outlet_id, claim_id, stance, framing, d FROM changed
    UNION ALL SELECT 'o', 0, claim_id, '', '', d FROM changed
    UNION ALL SELECT 'o', outlet_id, 0, '', '', d FROM changed
    UNION ALL SELECT 'c', claimant_id, claim_id, stance, framing, d FROM changed
        WHERE claimant_id IS NOT NULL
    UNION ALL SELECT 'c', 0, claim_id, '', '', d FROM changed WHERE claimant_id IS NOT NULL
    UNION ALL SELECT 'c', claimant_id, 0, '', '', d FROM changed WHERE claimant_id IS NOT NULL
)
INSERT INTO articles_mentiontally AS t (kind, row_id, claim_id, stance, framing, n)
SELECT kind, row_id, claim_id, stance, framing, sum(d) FROM keys
GROUP BY kind, row_id, claim_id, stance, framing HAVING sum(d) <> 0
ORDER BY kind, row_id, claim_id, stance, framing
ON CONFLICT (kind, row_id, claim_id, stance, framing) DO UPDATE SET n = t.n + EXCLUDED.n
"""


def mentions(rows: str, sign: int) -> str:
    """The claim mentions among `rows` (annotation rows), with their article's outlet."""
    return (
        f"SELECT a.outlet_id, r.claimant_id, r.claim_id, r.stance, r.framing, {sign} "
        f"FROM {rows} AS r JOIN articles_article AS a ON a.id = r.article_id "
        "WHERE r.claim_id IS NOT NULL"
    )


FORWARD = f"""
CREATE FUNCTION articles_mention_tally_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM articles_mentiontally;
        RETURN NULL;
    ELSIF TG_OP = 'INSERT' THEN
        {UPSERT.format(changed=mentions("new_rows", 1))};
    ELSIF TG_OP = 'UPDATE' THEN
        {UPSERT.format(changed=mentions("new_rows", 1) + " UNION ALL " + mentions("old_rows", -1))};
    ELSE
        {UPSERT.format(changed=mentions("old_rows", -1))};
    END IF;
    DELETE FROM articles_mentiontally WHERE n = 0;
    RETURN NULL;
END $$;

CREATE TRIGGER annotation_tally_inserted AFTER INSERT ON articles_annotation
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_mention_tally_sync();
CREATE TRIGGER annotation_tally_updated AFTER UPDATE ON articles_annotation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_mention_tally_sync();
CREATE TRIGGER annotation_tally_deleted AFTER DELETE ON articles_annotation
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_mention_tally_sync();
CREATE TRIGGER annotation_tally_truncated AFTER TRUNCATE ON articles_annotation
    FOR EACH STATEMENT EXECUTE FUNCTION articles_mention_tally_sync();

-- An article moved to another outlet takes its mentions' outlet counts along.
CREATE FUNCTION articles_mention_tally_outlet_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {UPSERT.format(changed='''
        SELECT NEW.outlet_id, r.claimant_id, r.claim_id, r.stance, r.framing, 1
        FROM articles_annotation AS r WHERE r.article_id = NEW.id AND r.claim_id IS NOT NULL
        UNION ALL
        SELECT OLD.outlet_id, r.claimant_id, r.claim_id, r.stance, r.framing, -1
        FROM articles_annotation AS r WHERE r.article_id = NEW.id AND r.claim_id IS NOT NULL''')};
    DELETE FROM articles_mentiontally WHERE n = 0;
    RETURN NULL;
END $$;

CREATE TRIGGER article_tally_outlet_moved AFTER UPDATE OF outlet_id ON articles_article
    FOR EACH ROW WHEN (OLD.outlet_id IS DISTINCT FROM NEW.outlet_id)
    EXECUTE FUNCTION articles_mention_tally_outlet_moved();

{UPSERT.format(changed=mentions("articles_annotation", 1))};
"""

BACKWARD = """
DROP TRIGGER article_tally_outlet_moved ON articles_article;
DROP FUNCTION articles_mention_tally_outlet_moved();
DROP TRIGGER annotation_tally_inserted ON articles_annotation;
DROP TRIGGER annotation_tally_updated ON articles_annotation;
DROP TRIGGER annotation_tally_deleted ON articles_annotation;
DROP TRIGGER annotation_tally_truncated ON articles_annotation;
DROP FUNCTION articles_mention_tally_sync();
"""

Migration.operations.append(migrations.RunSQL(FORWARD, BACKWARD))

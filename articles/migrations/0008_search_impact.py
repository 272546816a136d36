"""Search: impact lists, the best-ranked articles of each frequently searched term.

`articles_search_impact` holds (term, article, ts_rank of the article for that term alone);
`articles_search_impact_floor` holds, per term that has a list, an upper bound of that rank for
every article NOT in its list. Lists are built by `articles.search` (the first time a term is
searched with many hits, or by `manage.py reindex`); these triggers keep them exact whatever
writes an article's vector (saves, imports, raw SQL), so the bound stays true.
"""

from django.db import migrations

FORWARD = r"""
CREATE TABLE articles_search_impact_floor (
    term text PRIMARY KEY,
    query tsquery NOT NULL,
    floor real NOT NULL
);
CREATE TABLE articles_search_impact (
    term text NOT NULL,
    article_id bigint NOT NULL,
    score real NOT NULL,
    PRIMARY KEY (term, article_id)
);
CREATE INDEX articles_search_impact_top ON articles_search_impact (term, score DESC, article_id);
CREATE INDEX articles_search_impact_article ON articles_search_impact (article_id);

CREATE FUNCTION articles_search_impact_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Shared with other writers; a list being built holds it exclusively (see search.py).
    PERFORM pg_advisory_xact_lock_shared(7452019);
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM articles_search_impact WHERE article_id = OLD.id;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN NULL;
    END IF;
    IF NEW.search_vector IS NOT NULL THEN
        INSERT INTO articles_search_impact (term, article_id, score)
        SELECT f.term, NEW.id, s.score
        FROM unnest(tsvector_to_array(NEW.search_vector)) AS t(term)
        JOIN articles_search_impact_floor f ON f.term = t.term
        CROSS JOIN LATERAL (SELECT ts_rank(NEW.search_vector, f.query, 1) AS score) s
        WHERE s.score > f.floor
        ON CONFLICT (term, article_id) DO UPDATE SET score = EXCLUDED.score;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER articles_search_impact_insert AFTER INSERT ON articles_article
    FOR EACH ROW WHEN (NEW.search_vector IS NOT NULL)
    EXECUTE FUNCTION articles_search_impact_sync();
CREATE TRIGGER articles_search_impact_update AFTER UPDATE OF search_vector ON articles_article
    FOR EACH ROW WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector)
    EXECUTE FUNCTION articles_search_impact_sync();
CREATE TRIGGER articles_search_impact_delete AFTER DELETE ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_search_impact_sync();
"""

BACKWARD = """
DROP TRIGGER articles_search_impact_delete ON articles_article;
DROP TRIGGER articles_search_impact_update ON articles_article;
DROP TRIGGER articles_search_impact_insert ON articles_article;
DROP FUNCTION articles_search_impact_sync();
DROP TABLE articles_search_impact;
DROP TABLE articles_search_impact_floor;
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_article_newest_index_with_id")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

"""Counters that move whenever what a cached value depends on changes (`articles.freshness`).

- `articles_corpus_generation`: articles or outlets. Rendered fragments that depend only on the
  corpus (an article's text and "also published by", the article list's pages, search results)
  are cached under its value.
- `articles_catalogue_generation`: the names filters offer (outlets, claims, claimants, tags);
  the search page's rendered filter menus are cached under its value.
- `articles_permission_generation`: who holds which permission (users' groups and permissions,
  groups' permissions, a user made active, inactive or superuser). Each user's permission set
  is cached under its value, so a revoked permission stops working on the next request.
- `articles_session_generation`: sessions (a login, a logout, an expired session removed). Each
  session's row is cached under its value, so a logout ends the session everywhere at once.
- `articles_account_generation`: user accounts (any column: a new password, a deactivation).
  Each logged-in user's row is cached under its value.

Any insert, update, delete or truncate moves the counter, however it is made (ORM, COPY, a
restore, psql): the entries cached under the old value are simply no longer asked for.

Each write moves the counter twice. A statement trigger moves it at once, so the writing
transaction itself (and a test, which never commits) reads fresh values. A deferred row trigger
moves it again when the transaction commits: a reader who read the first value while the writer
had not yet committed (a bulk import's chunk stays uncommitted for seconds) may have cached what
it saw then under that value, and the second move makes such entries unreachable.
"""

from django.db import migrations

WATCHED = {
    "articles_corpus_generation": [
        ("articles_article", ""),
        ("articles_outlet", ""),
    ],
    "articles_catalogue_generation": [
        ("articles_outlet", ""),
        ("articles_claim", ""),
        ("articles_actor", ""),
        ("articles_tag", ""),
    ],
    "articles_permission_generation": [
        ("auth_user_groups", ""),
        ("auth_user_user_permissions", ""),
        ("auth_group_permissions", ""),
        ("auth_group", ""),
        ("auth_permission", ""),
        # Logins write last_login: only the columns permissions depend on count.
        ("auth_user", " OF is_active, is_superuser"),
    ],
    "articles_session_generation": [
        ("django_session", ""),
    ],
    "articles_account_generation": [
        ("auth_user", ""),
    ],
}

FORWARD = """
CREATE FUNCTION articles_generation_moved() RETURNS trigger AS $$
BEGIN
    PERFORM nextval(TG_ARGV[0]);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
BACKWARD = ""
for sequence, tables in WATCHED.items():
    FORWARD += f"CREATE SEQUENCE {sequence};\n"
    for table, columns in tables:
        events = f"INSERT OR UPDATE{columns} OR DELETE"
        FORWARD += f"""
CREATE CONSTRAINT TRIGGER {table}_{sequence}_committed
    AFTER {events} ON {table}
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION articles_generation_moved('{sequence}');
CREATE TRIGGER {table}_{sequence}_written
    AFTER {events} ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION articles_generation_moved('{sequence}');
CREATE TRIGGER {table}_{sequence}_truncated
    AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION articles_generation_moved('{sequence}');
"""
        BACKWARD += f"""
DROP TRIGGER IF EXISTS {table}_{sequence}_committed ON {table};
DROP TRIGGER IF EXISTS {table}_{sequence}_written ON {table};
DROP TRIGGER IF EXISTS {table}_{sequence}_truncated ON {table};
"""
    BACKWARD += f"DROP SEQUENCE IF EXISTS {sequence};\n"
BACKWARD += "DROP FUNCTION IF EXISTS articles_generation_moved();\n"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_search_impact"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

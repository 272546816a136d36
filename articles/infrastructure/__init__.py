"""What every request and service leans on, none of it about news: permissions and the access
policy, freshness counters and caches, sessions, backups.

Owns: `permissions` (roles as groups; every object rule: who may edit, review, curate),
`access` (one access level per URL, enforced by middleware), `freshness` (generation counters
and the caches keyed by them), `permission_cache` and `session_cache` (users' permissions and
sessions cached until they change), `backup` (pg_dump/pg_restore with checksums).

May import: Django and `articles.models` only.
"""

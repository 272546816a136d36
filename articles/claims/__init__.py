"""Who claims what: writing annotations, curating claims, reviewing, W3C Web Annotation.

Owns: `annotations` (create/update/delete with chain and history, optimistic locking,
re-anchoring), `lookup` (finding or creating claims and claimants, suggestions for the editor),
`matching` (the claims a passage most likely expresses, or contradicts),
`curation` (relating, merging, moving mentions), `review` (confirm, dispute, resolve; reviewer
agreement), `webannotation` (JSON-LD export and validated import).

Every write service takes the acting user and refuses one who may not do it
(`articles.infrastructure.permissions`), whoever calls it: a view, a command or a test.

May import: `articles.models`, `articles.arabic`, `articles.search.short_lists`,
`articles.infrastructure`. Never views or `articles.reports`.
"""

"""Aggregates of annotations: what the dossiers, matrix, claimant and outlet pages, charts and
exports show.

Owns: `filters` (which mentions a report covers), `tallies` (counts by stance and framing,
activity columns, activity over time, chains), `dossiers` (claim, claimant and outlet dossiers),
`matrix`, `charts` (server-rendered SVG), `dates` (an outlet's own time zone), `exports`
(rows for CSV and JSON). Read-only: nothing here writes.

May import: `articles.models`, `articles.arabic`, `articles.search.short_lists`. Never views or
`articles.claims`.
"""

"""Article search: the index, the query language, execution, snippets, suggestions.

Owns: `index` (each article's weighted tsvector, the did-you-mean vocabulary, the post_save
receiver), `query` (the search box's language → tsquery), `execution` (filters, capped counts,
relevance and newest-first pages, facets), `impact` (impact lists for frequent terms),
`snippets` (highlighted passages), `suggestions` (did you mean), `short_lists` (Arabic-aware
matching of claims, claimants, outlets and tags in Python).

May import: `articles.arabic`, `articles.models`, `articles.infrastructure`. Never views,
`articles.claims` or `articles.reports`.
"""

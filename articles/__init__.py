"""The reading room's domain app: articles, outlets, claims and annotations."""

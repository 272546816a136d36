"""Bulk import of articles: sources, encodings, formats, metadata, boilerplate, dedupe, pipeline."""

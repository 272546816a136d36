"""The reading room's pages, one module per area."""

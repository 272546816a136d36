"""The Django project package of the Arabic news reading room."""

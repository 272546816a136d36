"""Interface strings of Django's admin and of django-tasks-db that their Arabic catalogues lack.

Listed here so that `makemessages` puts them in this project's catalogue, which is consulted
first: the admin then speaks Arabic throughout. Nothing imports this module.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

MISSING_UPSTREAM = [
    gettext_noop("Search %(name)s"),
    gettext_noop("Pagination %(name)s"),
    gettext_noop("Pagination %(name)s entries"),
    gettext_noop("Run"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("- Select an option -"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
]

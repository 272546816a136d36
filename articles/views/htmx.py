"""The one htmx idiom of the views: a typed request, and the partial or the whole page.

An htmx request gets the fragment it swaps; anything else gets the whole page. A history
restore (htmx asks for a page it has no snapshot of, after Back or Forward) is an htmx request
too, but it replaces the whole body: it gets the whole page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class AuthenticatedHtmxHttpRequest(HtmxHttpRequest):
    """A request to a view that LoginRequiredMiddleware guards: its user has signed in."""

    user: User


def wants_partial(request: HttpRequest) -> bool:
    """Whether to answer with a fragment: an htmx request that is not a history restore."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx and not htmx.history_restore_request)


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


def render_page_or_partial(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str,
    status: int = 200,
) -> HttpResponse:
    """`template#partial` for an htmx swap, the whole `template` otherwise."""
    name = f"{template}#{partial}" if wants_partial(request) else template
    return vary_on_htmx(render(request, name, context, status=status))

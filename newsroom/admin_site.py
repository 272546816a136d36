"""The Django admin site, with the reading room's login throttle on its login form."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache


class RoomAdminSite(admin.AdminSite):
    @method_decorator(never_cache)
    @method_decorator(login_not_required)
    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        from articles.views.accounts import ThrottledAdminAuthenticationForm, throttled_status

        self.login_form = ThrottledAdminAuthenticationForm
        return throttled_status(request, super().login(request, extra_context))


class RoomAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.RoomAdminSite"

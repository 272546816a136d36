"""Login forms, the reading room's and the Django admin's, behind one throttle.

The throttle itself (keys, cool-downs, unlocking) is articles.infrastructure.login_throttle.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from articles.infrastructure import login_throttle
from articles.infrastructure.login_throttle import client_ip

__all__ = ["ThrottledAdminAuthenticationForm", "ThrottledLoginView", "client_ip"]

THROTTLED = "throttled"


@receiver(user_login_failed)
def record_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    login_throttle.record_failure(
        username=str(credentials.get("username", "")),
        ip=client_ip(request) if request is not None else None,
    )


@receiver(user_logged_in)
def clear_failures(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    login_throttle.clear_failures(
        username=user.get_username(), ip=client_ip(request) if request is not None else None
    )


class ThrottleMixin(forms.Form):
    """Refuses to check a password while this account-and-address is cooling down."""

    request: HttpRequest | None

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", ""))
        if self.request is not None:
            wait = login_throttle.wait_seconds(username=username, ip=client_ip(self.request))
            if wait:
                self.request.login_throttled = wait  # type: ignore[attr-defined]
                raise forms.ValidationError(
                    _("Too many failed attempts. Wait %(minutes)d minute(s) and try again.")
                    % {"minutes": max(1, (wait + 59) // 60)},
                    code=THROTTLED,
                )
        return super().clean() or {}


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    pass


def throttled_status(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    wait = getattr(request, "login_throttled", 0)
    if wait:
        response.status_code = 429
        response["Retry-After"] = str(wait)
    return response


class ThrottledLoginView(auth_views.LoginView):
    authentication_form = ThrottledAuthenticationForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return throttled_status(request, super().post(request, *args, **kwargs))

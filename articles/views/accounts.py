"""Login with throttling: after repeated failures for a username or an address, wait."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import LoginFailure


def client_ip(request: HttpRequest) -> str | None:
    # Behind a proxy, set the proxy to overwrite REMOTE_ADDR (gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or None


def is_throttled(username: str, ip: str | None) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(created_at__gte=since)
    limit = settings.LOGIN_THROTTLE_FAILURES
    by_user = recent.filter(username=username.lower()).count() >= limit
    by_ip = ip is not None and recent.filter(ip=ip).count() >= limit * 4
    return by_user or by_ip


@receiver(user_login_failed)
def record_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    LoginFailure.objects.create(
        username=str(credentials.get("username", ""))[:150].lower(),
        ip=client_ip(request) if request is not None else None,
    )


@receiver(user_logged_in)
def clear_failures(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    LoginFailure.objects.filter(username=user.get_username().lower()).delete()


class ThrottledLoginView(auth_views.LoginView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "")[:150]
        if is_throttled(username, client_ip(request)):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Too many failed attempts. Wait a few minutes and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

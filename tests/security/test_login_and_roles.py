"""Items 1, 2 and 14 of issue 20: one login throttle for every form; the Admin role's limits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.infrastructure import permissions
from articles.models import ImportBatch, LoginFailure

from .conftest import PASSWORD

ADMIN_LOGIN = "/admin/login/"


def fail(client: Client, url: str, username: str, **extra: Any) -> int:
    response = client.post(url, {"username": username, "password": "wrong"}, **extra)
    return response.status_code


@pytest.mark.django_db
def test_item1_admin_login_is_throttled_like_the_room_login(superuser: Any) -> None:
    client = Client()
    for _ in range(settings.LOGIN_THROTTLE_FAILURES):
        assert fail(client, ADMIN_LOGIN, "root") == 200
    response = client.post(ADMIN_LOGIN, {"username": "root", "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_item1_failures_on_one_form_count_on_the_other(superuser: Any) -> None:
    client = Client()
    for _ in range(settings.LOGIN_THROTTLE_FAILURES):
        fail(client, reverse("login"), "root")
    assert fail(client, ADMIN_LOGIN, "root") == 429


@pytest.mark.django_db
def test_item1_a_success_clears_only_its_own_account_and_address(
    reviewer: Any, reviewer2: Any
) -> None:
    attacker = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(settings.LOGIN_THROTTLE_FAILURES - 1):
        fail(attacker, ADMIN_LOGIN, "rev1")
    # A success for another account from the same address, on either form, clears nothing of rev1.
    ok = attacker.post(reverse("login"), {"username": "rev2", "password": PASSWORD})
    assert ok.status_code == 302
    assert (
        LoginFailure.objects.filter(username="rev1").count() == settings.LOGIN_THROTTLE_FAILURES - 1
    )
    assert fail(Client(REMOTE_ADDR="10.0.0.9"), reverse("login"), "rev1") == 200
    assert fail(Client(REMOTE_ADDR="10.0.0.9"), reverse("login"), "rev1") == 429


@pytest.mark.django_db
def test_item2_failures_from_an_attacker_do_not_lock_the_owner_out(reviewer: Any) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(settings.LOGIN_THROTTLE_FAILURES * 3):
        fail(attacker, reverse("login"), "rev1")
    assert fail(attacker, reverse("login"), "rev1") == 429
    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = owner.post(reverse("login"), {"username": "rev1", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_item2_cool_down_grows_with_each_failure_and_ends(reviewer: Any) -> None:
    from articles.infrastructure.login_throttle import wait_seconds

    client = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(settings.LOGIN_THROTTLE_FAILURES):
        fail(client, reverse("login"), "rev1")
    first = wait_seconds(username="rev1", ip="203.0.113.5")
    assert 0 < first <= settings.LOGIN_THROTTLE_BASE_DELAY_SECONDS
    # Once the cool-down has passed the next guess is checked; failing again doubles it.
    LoginFailure.objects.update(created_at=timezone.now() - timedelta(seconds=first + 1))
    assert fail(client, reverse("login"), "rev1") == 200
    second = wait_seconds(username="rev1", ip="203.0.113.5")
    assert second > first
    assert second <= settings.LOGIN_THROTTLE_BASE_DELAY_SECONDS * 2
    # Refused guesses are not recorded: they cannot lengthen the cool-down.
    before = LoginFailure.objects.count()
    assert fail(client, reverse("login"), "rev1") == 429
    assert LoginFailure.objects.count() == before


@pytest.mark.django_db
def test_item2_one_address_spraying_many_accounts_cools_down(reviewer: Any) -> None:
    sprayer = Client(REMOTE_ADDR="203.0.113.8")
    for i in range(settings.LOGIN_THROTTLE_ADDRESS_FAILURES):
        fail(sprayer, reverse("login"), f"guess{i}")
    assert fail(sprayer, reverse("login"), "someone-else") == 429
    assert fail(Client(REMOTE_ADDR="203.0.113.9"), reverse("login"), "someone-else") == 200


@pytest.mark.django_db
def test_item2_trusted_proxy_header_is_used_only_when_configured(
    reviewer: Any, settings: Any
) -> None:
    forged = {"HTTP_X_FORWARDED_FOR": "1.2.3.4"}
    fail(Client(REMOTE_ADDR="10.0.0.1"), reverse("login"), "rev1", **forged)
    assert LoginFailure.objects.get().ip == "10.0.0.1"
    settings.LOGIN_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    # The proxy appends the address it saw; whatever the client put before it is ignored.
    fail(
        Client(REMOTE_ADDR="10.0.0.1"),
        reverse("login"),
        "rev1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.20",
    )
    assert LoginFailure.objects.latest("id").ip == "198.51.100.20"


@pytest.mark.django_db
def test_item2_admin_unlocks_an_account_from_the_admin(reviewer: Any, superuser: Any) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(settings.LOGIN_THROTTLE_FAILURES):
        fail(attacker, reverse("login"), "rev1")
    assert fail(attacker, reverse("login"), "rev1") == 429
    boss = Client()
    boss.force_login(superuser)
    response = boss.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock_logins", "_selected_action": [reviewer.pk]},
    )
    assert response.status_code == 302
    assert not LoginFailure.objects.filter(username="rev1").exists()
    LoginFailure.objects.create(username="rev1", ip="203.0.113.5")
    response = boss.post(
        reverse("admin:articles_loginfailure_changelist"),
        {
            "action": "unlock",
            "_selected_action": list(LoginFailure.objects.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302
    assert not LoginFailure.objects.exists()


@pytest.mark.django_db
def test_item14_admin_group_cannot_make_itself_superuser(room_admin: Any, superuser: Any) -> None:
    client = Client()
    client.force_login(room_admin)
    url = reverse("admin:auth_user_change", args=[room_admin.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    assert 'name="groups"' not in page.content.decode()
    client.post(
        url,
        {
            "username": "admin1",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [g.pk for g in Group.objects.all()],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    room_admin.refresh_from_db()
    assert not room_admin.is_superuser


@pytest.mark.django_db
def test_item14_admin_group_cannot_touch_a_superuser(room_admin: Any, superuser: Any) -> None:
    client = Client()
    client.force_login(room_admin)
    password_url = reverse("admin:auth_user_password_change", args=[superuser.pk])
    response = client.post(
        password_url,
        {"password1": "a-new-pass-9876", "password2": "a-new-pass-9876", "usable_password": "true"},
    )
    assert response.status_code in (302, 403, 404)
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)
    assert client.get(reverse("admin:auth_user_change", args=[superuser.pk])).status_code in (
        302,
        403,
    )
    listing = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert ">root<" not in listing


@pytest.mark.django_db
def test_item14_admin_group_cannot_hand_out_the_admin_role(room_admin: Any, reader: Any) -> None:
    client = Client()
    client.force_login(room_admin)
    page = client.get(reverse("admin:auth_user_change", args=[reader.pk])).content.decode()
    admin_group = Group.objects.get(name=permissions.ADMIN)
    assert f'value="{admin_group.pk}"' not in page
    assert f'value="{Group.objects.get(name=permissions.LEAD).pk}"' in page


@pytest.mark.django_db
def test_item14_staff_without_import_permission_cannot_read_import_reports(
    django_user_model: Any, room_admin: Any
) -> None:
    batch = ImportBatch.objects.create(created_by=room_admin, source_files=["x.json"])
    staff = django_user_model.objects.create_user(
        username="staff1", password=PASSWORD, is_staff=True
    )
    client = Client()
    client.force_login(staff)
    url = reverse("admin:articles_importbatch_progress", args=[batch.pk])
    assert client.get(url).status_code == 403
    client.force_login(room_admin)
    assert client.get(url).status_code == 200

"""Issue 14: login throttling, sessions on shared front-desk PCs, no caching of personal pages, a CSP the
pages satisfy, passwords that do not contain the login name."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_wrong_passwords_lock_the_login_with_a_chinese_message(client, clerk):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, clerk.username, "wrong")
    response = login(client, clerk.username, PASSWORD)  # even the right password, now
    assert response.status_code == 429
    assert "密码错误次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_throttled_too(client, manager):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": manager.username, "password": "wrong"})
    assert client.post("/admin/login/", {"username": manager.username, "password": PASSWORD}).status_code == 429


def test_a_manager_unlocks_a_locked_login(client, client_for, clerk, manager):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, clerk.username, "wrong")
    attempt = AccessAttempt.objects.get(username=clerk.username)
    manager_client = client_for(manager)
    assert clerk.username in manager_client.get(reverse("locked_logins")).content.decode()
    manager_client.post(reverse("unlock_login", args=[attempt.pk]))
    manager_client.logout()
    assert login(client, clerk.username, PASSWORD).status_code == 302


def test_sessions_end_with_the_browser_and_after_a_working_day_idle():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60


def test_pages_with_personal_data_are_never_cached(client_for, clerk):
    assert "no-store" in client_for(clerk).get(reverse("residents:resident_list"))["Cache-Control"]


def test_the_pages_send_a_strict_content_security_policy(client_for, clerk):
    policy = client_for(clerk).get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy


def test_a_password_containing_the_login_name_is_refused(clerk):
    with pytest.raises(ValidationError) as refused:
        validate_password(f"x{clerk.username}2026Zq!", user=clerk)
    assert "登录名" in str(refused.value)

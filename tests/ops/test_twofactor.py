"""Staff need a second factor for the admin: TOTP enrolment, single-use backup codes, lockouts."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "x-secret-pass"


@pytest.fixture(autouse=True)
def otp_required(settings):
    settings.STAFF_OTP_REQUIRED = True


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(client):
    """Enrol the signed-in user's authenticator; returns the backup codes shown."""
    page = client.get(reverse("twofactor-setup"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=page.wsgi_request.user, confirmed=False)
    done = client.post(reverse("twofactor-setup"), {"code": code_for(device)})
    assert done.status_code == 200
    return re.findall(r"<li><code>([0-9a-f]{8})</code></li>", done.content.decode())


ADMIN_PAGES = [
    "admin:index",
    "admin:articles_article_changelist",
    "admin:images_imagecredit_changelist",
    "admin:auth_user_changelist",
    "twofactor-backup-codes",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_staff_without_a_confirmed_second_factor_reach_only_enrolment(client, name):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("twofactor-setup") + "?next=")


def test_unconfirmed_enrolment_is_not_a_second_factor(client):
    user = make_user(is_staff=True, is_superuser=True)
    client.force_login(user)
    client.get(reverse("twofactor-setup"))
    client.post(reverse("twofactor-setup"), {"code": "000000"})
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("twofactor-setup"))


def test_enrolment_verifies_the_session_and_later_sign_ins_ask_for_a_code(client):
    user = make_user(is_staff=True, is_superuser=True)
    client.force_login(user)
    codes = enrol(client)
    assert len(codes) == 10
    assert client.get(reverse("admin:index")).status_code == 200

    other = Client()
    other.force_login(user)
    assert other.get(reverse("admin:index"))["Location"].startswith(reverse("twofactor-verify"))
    assert other.get(reverse("twofactor-setup"))["Location"].startswith(
        reverse("twofactor-verify")
    ), "a second enrolment needs a verified session"
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    reused = other.post(reverse("twofactor-verify"), {"code": code_for(device)})
    assert reused.status_code == 200, "a code already used at enrolment does not work again"
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31)):
        device.refresh_from_db()
        verified = other.post(reverse("twofactor-verify"), {"code": code_for(device)})
        assert verified.status_code == 302
        assert other.get(reverse("admin:index")).status_code == 200


def test_backup_codes_work_once(client):
    user = make_user(is_staff=True, is_superuser=True)
    client.force_login(user)
    codes = enrol(client)
    first, second = Client(), Client()
    for session in (first, second):
        session.force_login(user)
    assert first.post(reverse("twofactor-verify"), {"code": codes[0]})["Location"] == "/admin/"
    assert first.get(reverse("admin:index")).status_code == 200
    refused = second.post(reverse("twofactor-verify"), {"code": codes[0]})
    assert refused.status_code == 200 and "already used" in refused.content.decode()
    assert second.get(reverse("admin:index")).status_code == 302


def test_next_never_leaves_the_site(client):
    user = make_user(is_staff=True, is_superuser=True)
    client.force_login(user)
    codes = enrol(client)
    other = Client()
    other.force_login(user)
    response = other.post(
        reverse("twofactor-verify"), {"code": codes[1], "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def test_requirement_off_lets_staff_in_with_a_password_alone(client, settings):
    settings.STAFF_OTP_REQUIRED = False
    client.force_login(make_user(is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200


def test_public_pages_need_no_second_factor(client):
    client.force_login(make_user(is_staff=True))
    assert client.get("/").status_code == 200


def test_axes_still_locks_after_five_wrong_passwords(client):
    make_user("locked", is_staff=True)
    login = reverse("admin:login")
    for _ in range(5):
        client.post(login, {"username": "locked", "password": "wrong"})
    response = client.post(login, {"username": "locked", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_axes_locks_the_client_behind_a_trusted_proxy_not_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("proxied", is_staff=True)
    login = reverse("admin:login")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for forged in range(5):  # the attacker forges a new address each time; the proxy appends
        client.post(
            login,
            {"username": "proxied", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{forged}, 203.0.113.9",
            **proxy,
        )
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.9", **proxy}
    locked = client.post(login, {"username": "proxied", "password": PASSWORD}, **attacker)
    assert locked.status_code == 429
    colleague = {"HTTP_X_FORWARDED_FOR": "198.51.100.7", **proxy}
    response = Client().post(login, {"username": "proxied", "password": PASSWORD}, **colleague)
    assert response.status_code == 302, "the client's address is locked, not the proxy's"


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(rf, settings):
    from prospect.clientip import client_ip

    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", HTTP_X_FORWARDED_FOR="192.0.2.1", REMOTE_ADDR="203.0.113.9")
    assert client_ip(request) == "203.0.113.9"

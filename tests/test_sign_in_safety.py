"""Two-factor sign-in, lockout after failures, and the idle timeout."""

import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.twofactor import two_factor_reset

from .conftest import PASSWORD


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.TWO_FACTOR_DEMO_BYPASS = False


def test_first_sign_in_requires_enrolment_then_codes_work(client, caseworker, two_factor_on):
    sign_in(client, "caseworker")
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))

    page = client.get(reverse("accounts:two_factor_setup"))
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)

    done = client.post(reverse("accounts:two_factor_setup"), {"token": current_code(device)})
    codes = done.context["codes"]
    assert len(codes) == 10
    assert client.get(reverse("dashboard")).status_code == 200

    # Next sign-in: a password is not enough; a recovery code works once.
    client.logout()
    sign_in(client, "caseworker")
    assert client.get(reverse("dashboard"))["Location"].startswith(
        reverse("accounts:two_factor_verify")
    )
    client.post(reverse("accounts:two_factor_verify"), {"token": codes[0]})
    assert client.get(reverse("dashboard")).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()


def test_wrong_enrolment_code_is_refused(client, caseworker, two_factor_on):
    sign_in(client, "caseworker")
    client.get(reverse("accounts:two_factor_setup"))
    wrong = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()


def test_wrong_verification_code_is_refused(client, caseworker, two_factor_on):
    TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
    sign_in(client, "caseworker")
    response = client.post(reverse("accounts:two_factor_verify"), {"token": "123456"})
    assert "That code is not right" in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302


def test_verify_does_not_redirect_off_site(client, caseworker, two_factor_on):
    device = TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
    sign_in(client, "caseworker")
    response = client.post(
        reverse("accounts:two_factor_verify"),
        {"token": current_code(device), "next": "https://evil.example.com/"},
    )
    assert response["Location"] == "/"


def test_admin_reset_makes_the_person_enrol_again(client, caseworker, two_factor_on):
    TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
    two_factor_reset(user=caseworker)
    sign_in(client, "caseworker")
    assert client.get(reverse("dashboard"))["Location"].startswith(
        reverse("accounts:two_factor_setup")
    )


def test_demo_bypass_only_for_demo_accounts(client, caseworker, settings, db):
    from .factories import UserFactory

    settings.TWO_FACTOR_REQUIRED = True
    settings.TWO_FACTOR_DEMO_BYPASS = True
    UserFactory(username="demo-caseworker", roles=["Legal caseworker"])
    sign_in(client, "demo-caseworker")
    assert client.get(reverse("dashboard")).status_code == 200
    client.logout()
    sign_in(client, "caseworker")
    assert client.get(reverse("dashboard")).status_code == 302


def test_production_refuses_the_demo_bypass(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DATABASE_URL", "postgres://u@localhost/db")
    monkeypatch.setenv("TWO_FACTOR_DEMO_BYPASS", "true")
    sys.modules.pop("justicecentre.settings.production", None)
    sys.modules.pop("justicecentre.settings.base", None)
    with pytest.raises(ImproperlyConfigured, match="two-factor"):
        importlib.import_module("justicecentre.settings.production")
    sys.modules.pop("justicecentre.settings.production", None)


def test_production_refuses_a_missing_secret_key(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("DJANGO_SECRET_KEY", "")
    sys.modules.pop("justicecentre.settings.production", None)
    sys.modules.pop("justicecentre.settings.base", None)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        importlib.import_module("justicecentre.settings.production")
    sys.modules.pop("justicecentre.settings.production", None)


def test_lockout_after_repeated_failures(client, caseworker, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "caseworker", "wrong password")
    response = sign_in(client, "caseworker")  # even the right password, now
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302


def test_idle_session_ends(client, caseworker, settings):
    client.force_login(caseworker)
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - settings.IDLE_TIMEOUT_MINUTES * 60 - 5
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("dashboard")).status_code == 302

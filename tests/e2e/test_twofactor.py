"""Two-factor enrolment in the browser: password, QR page, first code, backup codes, the admin."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_user


def test_staff_enrol_a_second_factor_before_reaching_the_admin(base, people, settings):
    settings.STAFF_OTP_REQUIRED = True
    make_user("sam", is_staff=True, is_superuser=True)
    sam = people(base)
    sam.goto(f"{base}/admin/login/")
    sam.fill("#id_username", "sam")
    sam.fill("#id_password", "x-secret-pass")
    sam.click("input[type=submit]")
    sam.wait_for_url(f"{base}/admin/2fa/setup/?next=/admin/")
    assert sam.locator(".twofactor-qr svg").is_visible()
    assert sam.locator("#nav-sidebar").count() == 0, "no list of apps before the second factor"

    sam.goto(f"{base}/admin/articles/article/")  # any other admin page leads back to enrolment
    assert sam.url.startswith(f"{base}/admin/2fa/setup/")

    device = TOTPDevice.objects.get(user__username="sam", confirmed=False)
    sam.fill("#id_code", f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}")
    sam.click("input[type=submit]")
    sam.locator(".backup-codes code").first.wait_for()  # the page after confirming
    codes = sam.locator(".backup-codes code").all_inner_texts()
    assert len(codes) == 10
    sam.screenshot(path=str(artifacts() / "twofactor-backup-codes.png"))
    sam.click("text=Continue")
    sam.wait_for_url(f"{base}/admin/articles/article/")
    assert sam.locator("#content h1").inner_text() == "Select article to change"


def artifacts():
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

"""Two-factor sign-in for staff (django-otp): TOTP enrolment by QR code, single-use backup codes.

When ``STAFF_OTP_REQUIRED`` is on (the default outside ``DJANGO_DEBUG=1``), a staff account that
has signed in with its password reaches no admin page until the session is verified with a second
factor: accounts without a confirmed device are sent to enrolment, the others to the code page.
The password step stays the admin's own sign-in, so django-axes keeps counting wrong passwords.
"""

import secrets

import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10
APP_DEVICE = "Authenticator app"
BACKUP_DEVICE = "Backup codes"


def required_for(user):
    return settings.STAFF_OTP_REQUIRED and user.is_authenticated and user.is_staff


class StaffTwoFactorMiddleware:
    """Every admin page but sign-in, sign-out and the two-factor pages needs a verified session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_root = reverse("admin:index")
        if request.path.startswith(admin_root) and required_for(request.user):
            open_paths = {reverse("admin:login"), reverse("admin:logout"), *twofactor_paths()}
            if request.path not in open_paths and not request.user.is_verified():
                step = "twofactor-verify" if user_has_device(request.user) else "twofactor-setup"
                return redirect(f"{reverse(step)}?next={request.get_full_path()}")
        return self.get_response(request)


def twofactor_paths():
    return [reverse(name) for name in ("twofactor-setup", "twofactor-verify")]


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


def next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or reverse("admin:index")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if safe else reverse("admin:index")


def new_backup_codes(user):
    """Replace the account's backup codes with fresh ones; each works once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE)
    device.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@never_cache
@staff_member_required
def setup(request):
    """Enrolment: scan the QR code, confirm with one code, receive the backup codes once."""
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        return redirect(f"{reverse('twofactor-verify')}?next={next_url(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=APP_DEVICE, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            codes = new_backup_codes(request.user)
            context = {"codes": codes, "next": next_url(request), "title": "Backup codes"}
            return page(request, "admin/twofactor/backup_codes.html", context)
        form.add_error("code", "That code is not right. Check the app's clock and try again.")
    secret = device.config_url.split("secret=", 1)[1].split("&", 1)[0]
    context = {
        "form": form,
        "qr": mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=5)),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "next": next_url(request),
        "title": "Set up two-factor sign-in",
    }
    return page(request, "admin/twofactor/setup.html", context)


@never_cache
@staff_member_required
def verify(request):
    """The second step of signing in: a code from the app, or one backup code (used up)."""
    if not user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse('twofactor-setup')}?next={next_url(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(next_url(request))
        form.add_error("code", "That code is not right, or that backup code was already used.")
    context = {"form": form, "next": next_url(request), "title": "Two-factor sign-in"}
    return page(request, "admin/twofactor/verify.html", context)


@never_cache
@staff_member_required
def backup_codes(request):
    """New backup codes (the old ones stop working), for a verified session only."""
    if required_for(request.user) and not request.user.is_verified():
        return redirect("twofactor-verify")
    if request.method != "POST":
        return page(request, "admin/twofactor/backup_codes.html", {"title": "Backup codes"})
    codes = new_backup_codes(request.user)
    context = {"codes": codes, "next": reverse("admin:index"), "title": "Backup codes"}
    return page(request, "admin/twofactor/backup_codes.html", context)


def page(request, template, context):
    """Render inside the admin's frame (header, sign-out link), without the list of apps that
    an unverified session may not open yet."""
    frame = {**admin.site.each_context(request), "is_nav_sidebar_enabled": False,
             "available_apps": []}  # fmt: skip
    return render(request, template, {**frame, **context})


urlpatterns = [
    path("setup/", setup, name="twofactor-setup"),
    path("verify/", verify, name="twofactor-verify"),
    path("backup-codes/", backup_codes, name="twofactor-backup-codes"),
]

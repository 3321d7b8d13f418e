"""Notification preferences in the browser: reached from the top bar, set by mouse and keyboard,
kept, accessible."""

import pytest

from articles import roles
from articles.models import NotificationPreference
from tests.factories import make_user

from .test_admin_accessibility import PHONE, overflow
from .test_public_pages import axe_violations


@pytest.fixture
def editor_desk(base):
    groups = roles.ensure_roles()
    make_user("erin", groups=[groups[roles.EDITOR]], is_staff=True)
    return base


def test_an_editor_sets_their_notifications_by_mouse_and_keyboard(editor_desk, people):
    page = people(editor_desk, "erin")
    page.get_by_role("link", name="Notifications").click()
    assert page.locator("h1").inner_text() == "Notification preferences"
    submitted = page.get_by_role("group", name="Submitted for review")
    assert submitted.get_by_role("radio", name="All articles I may see (default for your role)") \
        .is_checked()  # fmt: skip

    # By mouse: no mail about withdrawals.
    page.get_by_role("group", name="Withdrawn").get_by_label("None").click()
    # By keyboard: from "My own articles only" to the next choice, "All articles I may see".
    published = page.get_by_role("group", name="Published or updated")
    published.get_by_role("radio", name="My own articles only (default for your role)").focus()
    page.keyboard.press("ArrowRight")
    assert published.get_by_role("radio", name="All articles I may see").is_checked()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form, as Enter does in any form field

    assert page.get_by_text("Your notification preferences are saved.").is_visible()
    assert page.get_by_role("group", name="Withdrawn").get_by_label("None").is_checked()
    assert published.get_by_role("radio", name="All articles I may see").is_checked()
    saved = NotificationPreference.objects.filter(user__username="erin")
    assert dict(saved.values_list("kind", "scope")) == {"withdrawn": "none", "published": "all"}


def test_the_preferences_page_passes_axe_and_fits_a_phone(editor_desk, people):
    page = people(editor_desk, "erin")
    page.goto(editor_desk + "/admin/notifications/")
    assert axe_violations(page) == []
    assert overflow(page) <= 0
    page.set_viewport_size(PHONE)
    page.reload()
    assert overflow(page) <= 0
    assert axe_violations(page) == []

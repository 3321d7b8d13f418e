"""The admin pages editors and bio staff use every day: WCAG 2.2 A/AA with axe-core, and usable
on a phone (no sideways scrolling at 375 px)."""

from pprint import pformat

import pytest

from articles import roles
from tests.factories import make_author, make_picture, make_ready_article, make_user

from .test_public_pages import axe_violations

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def desk(base):
    groups = roles.ensure_roles()
    make_user("erin", groups=[groups[roles.EDITOR]], is_staff=True)
    make_user("bea", groups=[groups[roles.BIO_STAFF]], is_staff=True)
    writer = make_user("writer", groups=[groups[roles.CONTRIBUTOR]], is_staff=True)
    article = make_ready_article("An accessible commentary", created_by=writer)
    from articles import workflow

    workflow.submit(article, by=writer)
    make_ready_article("Already out", status="published")
    return {
        "base": base,
        "article": article,
        "author": make_author("Hideshi Tokuchi", title="President"),
        "picture": make_picture(credit_source="Agency"),
    }


def pages_for(desk, role):
    article, author, picture = desk["article"], desk["author"], desk["picture"]
    first_revision = article.revisions.order_by("created_at", "pk").first().pk
    if role == "bea":
        return {
            "dashboard": "/admin/",
            "author list": "/admin/authors/author/",
            "author form": f"/admin/authors/author/{author.pk}/change/",
            "picture form": f"/admin/images/imagecredit/{picture.pk}/change/",
            "new picture": "/admin/images/imagecredit/add/",
            "notification preferences": "/admin/notifications/",
        }
    return {
        "dashboard": "/admin/",
        "calendar": "/admin/calendar/",
        "article list": "/admin/articles/article/",
        "article form": f"/admin/articles/article/{article.pk}/change/",
        "new commentary": "/admin/articles/article/add/",
        "history": f"/admin/articles/article/{article.pk}/revisions/",
        "compare": f"/admin/articles/article/{article.pk}/revisions/compare/?a={first_revision}",
        "picture list": "/admin/images/imagecredit/",
        "new picture": "/admin/images/imagecredit/add/",
        "picture form": f"/admin/images/imagecredit/{picture.pk}/change/",
        "author list": "/admin/authors/author/",
        "author form": f"/admin/authors/author/{author.pk}/change/",
        "notification preferences": "/admin/notifications/",
    }


def overflow(page):
    """How far the page is wider than the viewport, in CSS pixels."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("role", ["erin", "bea"])
def test_admin_pages_pass_axe_on_desktop_and_fit_a_phone(desk, people, role):
    page = people(desk["base"], role)
    failures = {}
    for name, path in pages_for(desk, role).items():
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(desk["base"] + path)
        assert response.status == 200, name
        violations = axe_violations(page)
        if violations:
            failures[name] = violations
        if overflow(page) > 0:
            failures[f"{name} at 1280"] = f"{overflow(page)} px too wide"
        page.set_viewport_size(PHONE)
        page.reload()
        if overflow(page) > 0:
            failures[f"{name} at 375"] = f"{overflow(page)} px too wide"
        violations = axe_violations(page)
        if violations:
            failures[f"{name} at 375 (axe)"] = violations
    assert failures == {}, pformat(failures, width=100)


def test_calendar_is_forbidden_to_bio_staff_in_the_browser(desk, people):
    page = people(desk["base"], "bea")
    assert page.goto(desk["base"] + "/admin/calendar/").status == 403


def test_pickers_have_accessible_names(desk, people):
    page = people(desk["base"], "erin")
    page.goto(desk["base"] + f"/admin/articles/article/{desk['article'].pk}/change/")
    assert page.get_by_role("combobox", name="Series").count() == 1
    assert page.get_by_role("combobox", name="Lead picture").count() == 1


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_compare_radios_and_workflow_buttons_are_24_px_targets(desk, people):
    page = people(desk["base"], "erin")
    article = desk["article"]
    page.goto(desk["base"] + f"/admin/articles/article/{article.pk}/change/")
    buttons = page.locator(".workflow-panel .button, .workflow-panel button")
    assert buttons.count() > 0
    for i in range(buttons.count()):
        if buttons.nth(i).is_visible():
            assert buttons.nth(i).bounding_box()["height"] >= 24
    page.goto(desk["base"] + f"/admin/articles/article/{article.pk}/revisions/")
    radio = box(page, 'input[type="radio"]')
    assert radio["width"] >= 24 and radio["height"] >= 24


def test_keyboard_focus_is_outlined_at_least_2_px(desk, people):
    page = people(desk["base"], "erin")
    page.goto(desk["base"] + "/admin/")
    link = page.get_by_role("link", name="New commentary")
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    width = link.evaluate("el => parseFloat(getComputedStyle(el).outlineWidth)")
    style = link.evaluate("el => getComputedStyle(el).outlineStyle")
    assert width >= 2 and style != "none"


def test_calendar_marks_today_and_moves_by_month(desk, people):
    page = people(desk["base"], "erin")
    page.goto(desk["base"] + "/admin/")
    page.get_by_role("link", name="Editorial calendar").click()
    assert page.locator('td[aria-current="date"]').count() == 1
    assert "Already out" in page.locator("table.calendar").inner_text()
    caption = page.locator("table.calendar caption").inner_text()
    page.locator('a[rel="next"]').click()
    assert page.locator("table.calendar caption").inner_text() != caption
    assert page.locator('td[aria-current="date"]').count() == 0

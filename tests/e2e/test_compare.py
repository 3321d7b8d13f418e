"""Comparing two versions of a commentary in the browser: what changed is seen, and heard."""

import pytest

from articles import roles, workflow
from tests.factories import make_ready_article, make_user

from .test_admin_accessibility import PHONE, overflow
from .test_public_pages import axe_violations

OLD_LINK = "https://www.example.org/reports/2024/partnership-after-the-election"
NEW_LINK = "https://www.example.org/reports/2025/partnership-one-year-on-with-a-long-address"
BEFORE = "".join(
    [
        "<h2>Background</h2>",
        "<p>The talks failed in March.</p>",
        *(f"<p>Unchanged paragraph number {n} of the commentary.</p>" for n in range(1, 7)),
        f'<p>See <a href="{OLD_LINK}">the report</a> for details.</p>',
    ]
)
AFTER = (
    BEFORE.replace("<h2>Background</h2>", "<h3>Background</h3>")
    .replace("The talks failed in March.", "The talks <strong>resumed</strong> in March.")
    .replace(OLD_LINK, NEW_LINK)
)


@pytest.fixture
def edited(base):
    groups = roles.ensure_roles()
    editor = make_user("erin", groups=[groups[roles.EDITOR]], is_staff=True)
    article = make_ready_article("A commentary in two versions", body=BEFORE, created_by=editor)
    workflow.record_edit(article, by=editor)
    first = article.revisions.order_by("created_at", "pk").first()
    article.body = AFTER
    article.save()
    article.bylines.update(role="co_author")
    workflow.record_edit(article, by=editor)
    return base, f"{base}/admin/articles/article/{article.pk}/revisions/compare/?a={first.pk}"


def test_an_inserted_word_is_seen_as_inserted_and_announced(edited, people):
    base, url = edited
    page = people(base, "erin")
    page.goto(url)
    body = page.locator("section.field-change", has=page.get_by_role("heading", name="Body"))
    inserted = body.locator("ins", has_text="resumed")
    removed = body.locator("del", has_text="failed")
    assert inserted.is_visible() and removed.is_visible()
    # Not by colour alone: underlined and struck through …
    assert "underline" in inserted.evaluate("el => getComputedStyle(el).textDecorationLine")
    assert "line-through" in removed.evaluate("el => getComputedStyle(el).textDecorationLine")
    # … and said to screen readers.
    tree = body.aria_snapshot()
    assert "[inserted:" in tree and "[deleted:" in tree
    # The bold is on the inserted word; the heading's new level is named.
    assert inserted.locator("strong").count() == 1
    assert body.get_by_text("Heading level 2 → heading level 3").is_visible()
    # Unchanged paragraphs far from a change are folded, and open on demand.
    fold = body.locator("details.diff-folded")
    assert fold.count() == 1
    assert not fold.get_by_text("Unchanged paragraph number 3").is_visible()
    fold.locator("summary").click()
    assert fold.get_by_text("Unchanged paragraph number 3").is_visible()
    # Bylines in words, with the role's label.
    assert page.get_by_text("role author → co-author").is_visible()


def test_a_changed_link_shows_both_addresses(edited, people):
    base, url = edited
    page = people(base, "erin")
    page.goto(url)
    note = page.locator(".diff-notes li", has_text="Link target changed")
    assert note.count() == 1
    assert note.get_by_role("link", name=OLD_LINK).is_visible()
    assert note.get_by_role("link", name=NEW_LINK).is_visible()
    assert note.inner_text().index(OLD_LINK) < note.inner_text().index(NEW_LINK)


def test_the_compare_page_passes_axe_and_fits_a_phone(edited, people):
    base, url = edited
    page = people(base, "erin")
    page.goto(url)
    page.locator("details.diff-folded summary").click()
    assert axe_violations(page) == []
    assert overflow(page) <= 0
    page.set_viewport_size(PHONE)
    page.reload()
    page.locator("details.diff-folded summary").click()
    assert overflow(page) <= 0, f"{overflow(page)} px too wide at 375"
    assert axe_violations(page) == []

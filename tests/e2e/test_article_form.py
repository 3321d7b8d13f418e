"""The article form never loses input: workflow buttons save first, leaving warns, autosave
restores after a closed tab, and nothing overwrites a colleague's save."""

import re

import pytest

from articles import workflow
from articles.models import Article, EditBuffer
from tests.factories import make_author, make_ready_article

from . import test_editorial_story as story
from .conftest import attach_watch
from .test_public_pages import axe_violations

newsroom = story.newsroom  # the story's people, series and authors
choose, workflow_button = story.choose, story.workflow_button
AUTOSAVED = "() => document.querySelector('.autosave-status').textContent.includes('kept on')"


def owner():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="carla")


@pytest.fixture(autouse=True)
def autosave_on(settings):
    """Off for the other browser tests (tests/e2e/conftest.py); these test it."""
    settings.AUTOSAVE_SECONDS = 5


@pytest.fixture
def draft(newsroom):
    article = make_ready_article("A draft in progress", created_by=owner())
    workflow.record_edit(article, by=owner())
    return article


def change_url(base, article):
    return f"{base}/admin/articles/article/{article.pk}/change/"


def messages(page):
    return page.locator(".messagelist").inner_text()


def wait_for_autosave(page):
    return page.expect_response(
        lambda r: r.url.endswith("/autosave/") and r.request.method == "POST", timeout=15_000
    )


def reopen(page, url):
    """Close the tab and open the form again in a new one (same person, same browser)."""
    context = page.context
    page.close()
    fresh = context.new_page()
    problems = []
    attach_watch(fresh, problems)
    fresh.goto(url)
    return fresh, problems


# --- 1. save and act in one step ----------------------------------------------------------


def test_a_typed_title_is_saved_and_submitted_by_one_click(newsroom, people, draft):
    carla = people(newsroom, "carla")
    carla.goto(change_url(newsroom, draft))
    carla.fill("#id_title", "Typed and submitted at once")
    workflow_button(carla, "Submit for review")
    assert "Your changes were saved. Submit for review: done." in messages(carla)
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Typed and submitted at once", "in_review")


def test_request_changes_without_a_reason_is_refused_and_the_input_stays(newsroom, people, draft):
    workflow.submit(draft, by=owner())
    erin = people(newsroom, "erin")
    erin.goto(change_url(newsroom, draft))
    erin.fill("#id_title", "Erin's sharper title")
    workflow_button(erin, "Request changes")
    assert "needs a reason" in erin.locator(".errornote, .errorlist").all_inner_texts()[-1]
    assert erin.input_value("#id_title") == "Erin's sharper title"
    assert Article.objects.get(pk=draft.pk).status == "in_review"

    # Now with a reason, while a colleague saves first: refused as stale, nothing lost.
    erin.fill("#wf-comment", "Please add the 2024 figures.")
    eddie = people(newsroom, "eddie")
    eddie.goto(change_url(newsroom, draft))
    eddie.fill("#id_summary", "Eddie's summary.")
    eddie.click("input[name=_continue]")
    eddie.wait_for_load_state()
    workflow_button(erin, "Request changes")
    assert "eddie changed this article at" in erin.content()
    assert erin.input_value("#id_title") == "Erin's sharper title"
    assert erin.input_value("#wf-comment") == "Please add the 2024 figures."
    assert erin.input_value("#id_summary") == "Eddie's summary."  # theirs, untouched by Erin
    assert Article.objects.get(pk=draft.pk).status == "in_review"
    workflow_button(erin, "Request changes")  # the merged form, saved, then the request
    draft.refresh_from_db()
    assert (draft.status, draft.title, draft.summary) == (
        "changes_requested", "Erin's sharper title", "Eddie's summary.",
    )  # fmt: skip
    assert draft.notes.internal().get().body == "Please add the 2024 figures."


def test_save_and_act_works_without_javascript(newsroom, browser, draft):
    from .conftest import login

    context = browser.new_context(java_script_enabled=False)
    try:
        carla = context.new_page()
        login(carla, newsroom, "carla")
        carla.goto(change_url(newsroom, draft))
        carla.fill("#id_title", "Submitted without scripts")
        carla.fill("#wf-comment", "Ready for a first read.")
        workflow_button(carla, "Submit for review")
        assert "Submit for review: done." in messages(carla)
    finally:
        context.close()
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Submitted without scripts", "in_review")
    assert draft.notes.internal().get().body == "Ready for a first read."


def test_enter_in_a_field_saves_without_any_workflow_action(newsroom, people, draft):
    carla = people(newsroom, "carla")
    carla.goto(change_url(newsroom, draft))
    carla.fill("#id_subtitle", "Saved with the Enter key")
    carla.press("#id_subtitle", "Enter")
    carla.wait_for_load_state()
    draft.refresh_from_db()
    assert (draft.subtitle, draft.status) == ("Saved with the Enter key", "draft")


# --- 3. the browser warns before leaving unsaved changes ---------------------------------------


def test_leaving_a_changed_form_asks_first_and_a_saved_one_does_not(newsroom, people, draft):
    carla = people(newsroom, "carla")
    carla.goto(change_url(newsroom, draft))
    asked = []
    carla.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    carla.reload()
    assert asked == []  # nothing changed yet
    carla.click("#id_subtitle")
    carla.keyboard.type("Unsaved words")
    carla.reload()
    assert asked == ["beforeunload"]
    carla.fill("#id_subtitle", "Saved words")
    carla.click("input[name=_continue]")  # submitting the form itself never asks
    carla.wait_for_load_state()
    assert asked == ["beforeunload"]
    assert Article.objects.get(pk=draft.pk).subtitle == "Saved words"


# --- 4. autosave and restore -------------------------------------------------------------------


def test_unsaved_input_survives_a_closed_tab_and_is_restored_by_keyboard(
    newsroom,
    people,
    draft,
):
    make_author("Jane Roe", title="Fellow")
    url = change_url(newsroom, draft)
    carla = people(newsroom, "carla")
    carla.goto(url)
    carla.fill("#id_title", "Restored title")
    carla.fill("#id_tags", "Japan, Deterrence")
    editor = carla.locator(".field-body .ProseMirror[contenteditable=true]")
    editor.click()
    carla.keyboard.press("Control+End")
    carla.keyboard.press("Enter")
    carla.keyboard.type("A paragraph typed before the crash.")
    carla.locator("#bylines-group .add-row a").click()
    choose(carla, "id_bylines-1-author", "Jane Roe")
    carla.select_option("#id_bylines-1-role", "co_author")
    with wait_for_autosave(carla) as saved:
        pass
    assert saved.value.status == 200
    carla.wait_for_function(AUTOSAVED)

    carla, problems = reopen(carla, url)
    prompt = carla.locator("#restore-prompt")
    assert re.search(r"Restore your unsaved changes from \d\d:\d\d\?", prompt.inner_text())
    assert carla.input_value("#id_title") == "A draft in progress"
    assert carla.evaluate("document.activeElement.textContent") == "Restore"
    carla.keyboard.press("Enter")
    assert "back in the form" in prompt.inner_text()
    assert carla.input_value("#id_title") == "Restored title"
    assert carla.input_value("#id_tags") == "Japan, Deterrence"
    assert (
        "typed before the crash"
        in carla.locator(".field-body .ProseMirror[contenteditable=true]").inner_text()
    )
    assert carla.locator("#id_bylines-1-author option:checked").inner_text() == "Jane Roe"
    carla.click("input[name=_continue]")
    carla.wait_for_load_state()
    assert carla.locator(".messagelist .success").count() == 1
    draft.refresh_from_db()
    assert draft.title == "Restored title"
    assert "typed before the crash" in draft.body
    assert sorted(draft.tags.names()) == ["Deterrence", "Japan"]
    assert [b.author.display_name for b in draft.ordered_bylines()][-1] == "Jane Roe"
    assert not EditBuffer.objects.exists()
    assert problems == []


def test_a_restored_buffer_never_overwrites_a_colleagues_save(newsroom, people, draft):
    url = change_url(newsroom, draft)
    carla = people(newsroom, "carla")
    carla.goto(url)
    with wait_for_autosave(carla):
        carla.fill("#id_title", "Carla's title from the buffer")
    carla.close()

    erin = people(newsroom, "erin")
    erin.goto(url)
    erin.fill("#id_summary", "Erin's summary, saved meanwhile.")
    erin.click("input[name=_continue]")
    erin.wait_for_load_state()

    carla = people(newsroom, "carla")
    carla.goto(url)
    carla.locator("#restore-prompt [data-restore]").click()
    carla.click("input[name=_continue]")
    carla.wait_for_load_state()
    assert "erin changed this article at" in carla.content()  # the merge screen
    assert carla.input_value("#id_title") == "Carla's title from the buffer"
    assert carla.input_value("#id_summary") == "Erin's summary, saved meanwhile."
    assert Article.objects.get(pk=draft.pk).title == "A draft in progress"
    carla.click("input[name=_continue]")
    carla.wait_for_load_state()
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == (
        "Carla's title from the buffer", "Erin's summary, saved meanwhile.",
    )  # fmt: skip


def test_discarded_input_is_not_offered_again(newsroom, people, draft):
    url = change_url(newsroom, draft)
    carla = people(newsroom, "carla")
    carla.goto(url)
    with wait_for_autosave(carla):
        carla.fill("#id_subtitle", "Throwaway words")
    carla, _ = reopen(carla, url)
    with carla.expect_response(lambda r: r.url.endswith("/autosave/discard/")):
        carla.locator("#restore-prompt [data-discard]").click()
    assert "Discarded" in carla.locator("#restore-prompt").inner_text()
    carla.reload()
    assert carla.locator("#restore-prompt").is_hidden()
    assert not EditBuffer.objects.exists()


def test_a_new_commentary_is_kept_too_and_save_and_submit_sends_it(newsroom, people):
    url = f"{newsroom}/admin/articles/article/add/"
    carla = people(newsroom, "carla")
    carla.goto(url)
    with wait_for_autosave(carla):
        carla.fill("#id_title", "A new commentary, half written")
    carla, _ = reopen(carla, url)
    carla.locator("#restore-prompt [data-restore]").click()
    assert carla.input_value("#id_title") == "A new commentary, half written"
    choose(carla, "id_series", "Prospects")
    carla.click("button[name=_workflow][value=submit]")
    carla.wait_for_load_state()
    assert "Saved as a new draft. Submit for review: done." in messages(carla)
    article = Article.objects.get()
    assert (article.title, article.status) == ("A new commentary, half written", "in_review")
    assert not EditBuffer.objects.exists()


def test_the_restore_prompt_passes_axe_and_fits_a_phone(newsroom, people, draft):
    EditBuffer.keep(owner(), draft, [["title", "Kept title", ""]], version=draft.version)
    carla = people(newsroom, "carla")
    carla.goto(change_url(newsroom, draft))
    assert carla.locator("#restore-prompt").is_visible()
    assert axe_violations(carla) == []
    carla.set_viewport_size({"width": 375, "height": 800})
    assert carla.evaluate("document.documentElement.scrollWidth") <= 375


# --- 6, 7. preview links and "View on site" ----------------------------------------------------


def test_copy_link_copies_the_site_address_and_says_copied(newsroom, people, draft):
    erin = people(newsroom, "erin")
    erin.context.grant_permissions(["clipboard-read", "clipboard-write"])
    erin.goto(change_url(newsroom, draft))
    erin.locator(".preview-links summary").click()
    erin.locator(".preview-links button", has_text="Create link").click()
    erin.wait_for_load_state()
    address = erin.locator(".preview-links li a").first.get_attribute("href")
    assert address.startswith(f"{newsroom}/preview/")  # from SITE_URL, absolute
    erin.locator(".preview-links summary").click()
    copy = erin.locator(".preview-links button", has_text="Copy link")
    copy.focus()
    erin.keyboard.press("Enter")
    erin.wait_for_function(
        "() => document.querySelector('.preview-links .copy-status').textContent === 'Copied'"
    )
    assert erin.evaluate("navigator.clipboard.readText()") == address


def test_view_on_site_for_a_draft_opens_the_staff_preview(newsroom, people, draft):
    carla = people(newsroom, "carla")
    carla.goto(change_url(newsroom, draft))
    carla.locator("a.viewsitelink", has_text="View on site").click()
    carla.wait_for_load_state()
    assert "/preview/" in carla.url
    assert carla.locator("h1").inner_text() == "A draft in progress"


def test_a_read_only_form_posts_its_note_on_its_own(newsroom, people, draft):
    workflow.submit(draft, by=owner())
    carla = people(newsroom, "carla")  # in review: she reads, and answers in the thread
    carla.goto(change_url(newsroom, draft))
    assert carla.locator("#wf-comment").get_attribute("form") is None
    carla.fill("#wf-comment", "Sources added in the second section.")
    workflow_button(carla, "Add note")
    assert "Comment added." in messages(carla)
    assert "Sources added" in carla.locator(".review-thread").inner_text()


def test_a_second_reader_approves_without_becoming_the_editor(newsroom, people, draft):
    workflow.submit(draft, by=owner())
    erin = people(newsroom, "erin")
    erin.goto(change_url(newsroom, draft))
    erin.fill("#id_subtitle", "Erin's own wording")
    workflow_button(erin, "Approve")
    assert "Someone else must approve this" in messages(erin)
    eddie = people(newsroom, "eddie")
    eddie.goto(change_url(newsroom, draft))
    workflow_button(eddie, "Approve")
    draft.refresh_from_db()
    assert (draft.status, draft.approved_by.username) == ("approved", "eddie")
    assert draft.subtitle == "Erin's own wording"

"""The editorial story, clicked through in the browser as the people doing it would."""

import io
import re

import pytest
from PIL import Image

from articles import roles
from articles.models import Article
from tests.factories import make_author, make_ready_article, make_series, make_user

from .test_body_editor import paste_html
from .test_word_import import Clicks

TITLE = "Promoting the Japan-Taiwan Partnership"
# Typing it all by hand (the Word import takes twelve at most: tests/e2e/test_word_import.py).
NEW_COMMENTARY_CLICKS = 40
PASTED = (
    "<p>First pasted paragraph, from a word processor.</p>"
    '<p>Second pasted paragraph with <a href="https://www.example.org/report">a report</a>.</p>'
)


@pytest.fixture
def newsroom(base):
    groups = roles.ensure_roles()
    for username, role in [("carla", roles.CONTRIBUTOR), ("erin", roles.EDITOR),
                           ("eddie", roles.EDITOR), ("maya", roles.MANAGING_EDITOR)]:  # fmt: skip
        make_user(username, groups=[groups[role]], is_staff=True)
    make_series("Prospects & Perspectives", editors_note="The views are those of the authors.")
    make_author("Hideshi Tokuchi", title="President")
    make_author("Jane Roe", title="Fellow")
    return base


def choose(page, field_id, text):
    """Pick ``text`` in the admin's select2 autocomplete for the field ``field_id``."""
    page.click(f"#{field_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.locator(".select2-results__option", has_text=text).first.click()


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (1200, 675), (70, 90, 110)).save(out, "JPEG")
    return out.getvalue()


def write_body(page):
    editor = page.locator(".field-body .ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("## Section one")
    page.keyboard.press("Enter")
    page.keyboard.type("Some ")
    page.keyboard.press("Control+b")
    page.keyboard.type("bold")
    page.keyboard.press("Control+b")
    page.keyboard.type(" and ")
    page.keyboard.press("Control+i")
    page.keyboard.type("italic")
    page.keyboard.press("Control+i")
    page.keyboard.type(" words.")
    page.keyboard.press("Enter")
    paste_html(editor, PASTED)


def caret_at_end(editor):
    """Focus the editor with the caret after its last character, as a click at the end would."""
    editor.evaluate(
        """el => {
            el.focus();
            const range = document.createRange();
            range.selectNodeContents(el.lastElementChild || el);
            range.collapse(false);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }"""
    )
    editor.page.wait_for_function(
        "el => el.contains(window.getSelection().focusNode)", arg=editor.element_handle()
    )


def add_picture(page):
    with page.expect_popup() as popup_info:
        page.click("#add_id_lead_image")
    popup = popup_info.value
    popup.set_input_files("#id_image", {"name": "harbour.jpg", "mimeType": "image/jpeg",
                                        "buffer": jpeg()})  # fmt: skip
    popup.fill("#id_title", "Harbour")
    popup.fill("#id_alt_text", "Ships in a harbour at dawn")
    popup.fill("#id_credit_source", "Agency Photo")
    popup.fill("#id_credit_date", "2024-01-26")
    popup.fill("#id_credit_platform", "Flickr")
    popup.fill("#id_credit_url", "https://www.example.org/photo/1")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")


class StoryClicks(Clicks):
    """Clicks as a person makes them: one to focus a field before typing, two to open a list
    and pick from it."""

    def fill(self, selector, text):
        self.click(selector)
        self.page.fill(selector, text)

    def choose(self, field_id, text):
        self.count += 2
        choose(self.page, field_id, text)

    def select(self, selector, value):
        self.count += 2
        self.page.select_option(selector, value)


def workflow_button(page, label):
    page.locator(".workflow-panel button", has_text=label).click()
    page.wait_for_load_state()


def test_a_commentary_from_draft_to_reader(newsroom, people):
    base = newsroom
    carla = people(base, "carla")
    carla.goto(f"{base}/admin/")
    # Clicks from "New commentary" to "submitted": a click or a focus for each field filled.
    clicks = StoryClicks(carla)
    clicks.click("a", has_text="New commentary")
    carla.wait_for_load_state()
    clicks.choose("id_series", "Prospects")
    clicks.fill("#id_title", TITLE)
    clicks.fill("#id_summary", "Why the partnership matters now.")
    clicks.count += 1  # into the body editor
    write_body(carla)
    clicks.fill("#id_tags", "Japan, Taiwan")
    for row, (name, role) in enumerate([("Hideshi Tokuchi", "author"), ("Jane Roe", "co_author")]):
        clicks.click("#bylines-group .add-row a")
        clicks.fill(f"#id_bylines-{row}-position", str(row))
        clicks.choose(f"id_bylines-{row}-author", name)
        clicks.select(f"#id_bylines-{row}-role", role)
    clicks.count += 10  # the picture: add, choose the file, six fields, save (add_picture)
    add_picture(carla)
    clicks.click("button[name=_workflow][value=submit]")  # Save and submit for review
    carla.wait_for_load_state()
    assert carla.locator(".messagelist .success").count() == 1, carla.locator(
        ".errornote"
    ).all_inner_texts()
    assert (
        "Saved as a new draft. Submit for review: done."
        in carla.locator(".messagelist").inner_text()
    )
    article = Article.objects.get(title=TITLE)
    assert article.status == "in_review"
    print(f"\nNew commentary to submitted: {clicks.count} clicks")
    assert clicks.count <= NEW_COMMENTARY_CLICKS
    assert "<h2>Section one</h2>" in article.body
    assert "<strong>bold</strong>" in article.body and "<em>italic</em>" in article.body
    assert 'href="https://www.example.org/report"' in article.body
    assert "First pasted paragraph" in article.body

    erin = people(base, "erin")
    erin.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    erin.fill("#wf-comment", "Please add a concluding paragraph.")
    workflow_button(erin, "Request changes")
    assert Article.objects.get(pk=article.pk).status == "changes_requested"

    carla.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    assert "Please add a concluding paragraph." in carla.locator(".review-thread").inner_text()
    caret_at_end(carla.locator(".field-body .ProseMirror[contenteditable=true]"))
    carla.keyboard.press("Enter")
    carla.keyboard.type("In conclusion, both sides should act now.")
    workflow_button(carla, "Submit for review")  # saves the new paragraph, then submits
    assert carla.locator(".messagelist .success").count() == 1, carla.locator(
        ".errornote, .errorlist"
    ).all_inner_texts()
    assert "In conclusion" in Article.objects.get(pk=article.pk).body
    assert Article.objects.get(pk=article.pk).status == "in_review"

    eddie = people(base, "eddie")
    eddie.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    workflow_button(eddie, "Approve")
    assert Article.objects.get(pk=article.pk).status == "approved"

    maya = people(base, "maya")
    maya.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    workflow_button(maya, "Publish")
    assert Article.objects.get(pk=article.pk).is_live()

    reader = people(base)
    reader.goto(f"{base}/")
    reader.locator("a", has_text=TITLE).first.click()
    reader.wait_for_load_state()
    assert reader.locator("h1").inner_text() == TITLE
    body = reader.locator(".body")
    assert body.locator("h2").inner_text() == "Section one"
    assert body.locator("strong").inner_text() == "bold"
    assert body.locator("em").inner_text() == "italic"
    assert body.locator("a", has_text="a report").get_attribute("href") == (
        "https://www.example.org/report"
    )
    text = body.inner_text()
    assert "First pasted paragraph, from a word processor." in text
    assert "In conclusion, both sides should act now." in text
    byline = reader.locator("header .byline").inner_text()
    assert re.fullmatch(r"By Hideshi Tokuchi and Jane Roe", byline.strip())
    credit = reader.locator(".lead-figure figcaption").inner_text()
    assert "Picture source: Agency Photo, January 26, 2024, Flickr" in credit
    assert reader.locator(".lead-figure img").get_attribute("alt") == "Ships in a harbour at dawn"
    assert "(Hideshi Tokuchi is President, Research Institute for Peace and Security (RIPS).)" in (
        reader.locator(".article-footer").inner_text()
    )


def test_second_editor_sees_the_conflict_and_keeps_their_input(newsroom, people):
    base = newsroom
    article = make_ready_article("Shared draft", created_by=make_user("owner", is_staff=True))
    url = f"{base}/admin/articles/article/{article.pk}/change/"
    erin, eddie = people(base, "erin"), people(base, "eddie")
    erin.goto(url)
    eddie.goto(url)
    assert "Being edited by erin" in eddie.locator(".workflow-panel").inner_text()
    erin.fill("#id_title", "Erin's title")
    erin.click("input[name=_continue]")
    erin.wait_for_load_state()
    eddie.fill("#id_summary", "Eddie's careful summary.")
    eddie.click("input[name=_continue]")
    eddie.wait_for_load_state()
    assert "erin changed this article at" in eddie.locator(
        ".errornote, .errorlist"
    ).first.inner_text() or ("erin changed this article at" in eddie.content())
    assert eddie.input_value("#id_summary") == "Eddie's careful summary."
    saved = Article.objects.get(pk=article.pk)
    assert (saved.title, saved.summary) == ("Erin's title", "A summary.")


def test_preview_link_works_in_a_fresh_browser_without_login(newsroom, people):
    base = newsroom
    article = make_ready_article("Proof for the author", body="<p>Draft words for review.</p>")
    erin = people(base, "erin")
    erin.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    erin.fill("#id_title", "Proof for the author")
    erin.click("input[name=_continue]")  # a save records the revision the link pins
    erin.wait_for_load_state()
    erin.locator(".preview-links summary").click()
    erin.fill("#id_days", "3")
    erin.fill("#id_note", "the author")
    erin.locator(".preview-links button", has_text="Create link").click()
    erin.wait_for_load_state()
    link = erin.locator(".preview-links li a").first.get_attribute("href")
    assert "/preview/" in link

    stranger = people(base)
    response = stranger.goto(base + link if link.startswith("/") else link)
    assert response.status == 200
    assert stranger.locator("h1").inner_text() == "Proof for the author"
    assert "not public" in stranger.locator(".preview-banner").inner_text()
    assert "no-store" in response.headers["cache-control"]
    assert link.startswith(f"{base}/preview/")  # absolute, from SITE_URL
    assert stranger.goto(link.replace("/preview/", "/preview/x")).status == 404


def test_article_change_form_passes_axe(newsroom, people):
    from .test_public_pages import axe_violations

    article = make_ready_article("Accessible form", created_by=make_user("writer", is_staff=True))
    erin = people(newsroom, "erin")
    erin.goto(f"{newsroom}/admin/articles/article/{article.pk}/change/")
    assert axe_violations(erin) == []


def test_presence_heartbeat_is_accepted_and_names_who_else_is_editing(newsroom, people):
    base = newsroom
    article = make_ready_article("Watched draft", created_by=make_user("owner", is_staff=True))
    url = f"{base}/admin/articles/article/{article.pk}/change/"
    eddie = people(base, "eddie")
    eddie.clock.install()
    eddie.goto(url)
    assert "Being edited" not in eddie.locator("[data-presence]").inner_text()
    people(base, "erin").goto(url)
    with eddie.expect_response(lambda r: r.url.endswith("/presence/")) as beat:
        eddie.clock.run_for(61_000)
    assert beat.value.status == 200
    eddie.wait_for_function(
        "() => document.querySelector('[data-presence]').textContent.includes('erin')"
    )

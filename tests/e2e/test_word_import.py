"""From an author's Word file to “submitted”, and a new outside writer added from the byline —
in the browser, counting the clicks an editor makes."""

import pytest

from articles import roles
from articles.models import Article
from authors.models import Author
from tests.articles import word_files
from tests.factories import make_article, make_author, make_series, make_user

from .test_public_pages import axe_violations

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_CLICKS = 12


@pytest.fixture
def newsroom(base):
    groups = roles.ensure_roles()
    make_user("carla", groups=[groups[roles.CONTRIBUTOR]], is_staff=True)
    make_user("bea", groups=[groups[roles.BIO_STAFF]], is_staff=True)
    make_series("Prospects & Perspectives")
    make_author("Hideshi Tokuchi", title="President")
    return base


class Clicks:
    """Every click and file choice the person makes, counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector, **kwargs):
        self.count += 1
        self.page.locator(selector, **kwargs).first.click()

    def choose_file(self, selector, files):
        self.count += 1
        self.page.set_input_files(selector, files)


def test_from_a_word_file_to_submitted_in_at_most_twelve_clicks(newsroom, people):
    carla = people(newsroom, "carla")
    clicks = Clicks(carla)
    carla.goto(f"{newsroom}/admin/articles/article/")

    clicks.click("a", has_text="Import from Word")
    carla.wait_for_load_state()
    assert axe_violations(carla) == []
    upload = {"name": "deterrence.docx", "mimeType": DOCX, "buffer": word_files.commentary()}
    clicks.choose_file("#id_file", upload)
    clicks.click("input[type=submit]")
    carla.wait_for_load_state()
    assert "was imported as a draft" in carla.locator(".messagelist").inner_text()
    assert "Ana Ruiz" in carla.locator(".messagelist").inner_text()  # the new guest author

    article = Article.objects.get()
    assert carla.input_value("#id_title") == "Deterrence in the Taiwan Strait"
    assert carla.input_value("#id_subtitle") == "What Tokyo can do next"
    clicks.click("#id_tags")
    carla.keyboard.type("Japan, Taiwan")
    clicks.click(".workflow-panel button", has_text="Submit for review")  # saves the topics first
    carla.wait_for_load_state()
    assert carla.locator(".messagelist .success").count() == 1

    article.refresh_from_db()
    assert article.status == "in_review"
    assert article.lead_image.credit_source == "Ministry of National Defense"
    assert sorted(article.tags.names()) == ["Japan", "Taiwan"]
    print(f"\nWord file to submitted: {clicks.count} clicks")
    assert clicks.count <= MAX_CLICKS


def test_a_hostile_word_file_is_refused_on_the_page(newsroom, people):
    carla = people(newsroom, "carla")
    carla.goto(f"{newsroom}/admin/articles/article/import-word/")
    carla.set_input_files(
        "#id_file", {"name": "report.docx", "mimeType": DOCX, "buffer": b"%PDF-1.7 not a docx"}
    )
    carla.click("input[type=submit]")
    carla.wait_for_load_state()
    assert "not a Word document" in carla.locator(".errorlist").inner_text()
    assert Article.objects.count() == 0
    assert axe_violations(carla) == []
    carla.set_viewport_size({"width": 375, "height": 800})
    assert carla.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_new_outside_writer_is_added_from_the_byline_and_bio_staff_see_them(newsroom, people):
    carla = people(newsroom, "carla")
    article = make_article("A first-time writer", created_by=carla_user())
    carla.goto(f"{newsroom}/admin/articles/article/{article.pk}/change/")
    carla.locator("#bylines-group .add-row a").click()
    carla.click("#id_bylines-0-author + .select2 .select2-selection")
    carla.fill(".select2-container--open .select2-search__field", "Ana Ruiz")
    offer = carla.locator(".select2-results__option", has_text="Add ‘Ana Ruiz’ as a new author")
    offer.click()
    carla.wait_for_function(
        "() => document.querySelector('#id_bylines-0-author').selectedOptions[0]?.text === "
        "'Ana Ruiz'"
    )
    assert "guest author" in carla.locator("#guest-author-status").inner_text()
    carla.click("input[name=_continue]")
    carla.wait_for_load_state()
    assert carla.locator(".messagelist .success").count() == 1

    guest = Author.objects.get(display_name="Ana Ruiz")
    assert not guest.listed and guest.pending_review
    assert article.bylines.get().author == guest

    bea = people(newsroom, "bea")
    bea.goto(f"{newsroom}/admin/authors/author/")
    bea.locator("a", has_text="New guest authors to review").click()
    bea.wait_for_load_state()
    assert bea.locator("#result_list").inner_text().count("Ana Ruiz") >= 1
    assert "Hideshi Tokuchi" not in bea.locator("#result_list").inner_text()


def carla_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="carla")

"""Sort names, duplicate detection, the default record kept in a merge, and the history of
expertise and links."""

import pytest
from django.urls import reverse

from articles import roles
from authors.merge import keep_first
from authors.models import Affiliation, Author, AuthorLink, default_sort_name
from tests.factories import make_article, make_author, make_organization, make_user


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("TOKUCHI Hideshi", "Tokuchi, Hideshi"),
        ("Hideshi TOKUCHI", "Tokuchi, Hideshi"),
        ("Mary Ann EVANS", "Evans, Mary Ann"),
        ("Tsai Ing-wen", "Tsai, Ing-wen"),
        ("Lai Ching-te", "Lai, Ching-te"),
        ("Moon Jae-in", "Moon, Jae-in"),
        ("Xi Jinping", "Xi, Jinping"),
        ("徳地秀士", "徳地秀士"),
        ("蔡 英文", "蔡 英文"),
        ("Hideshi Tokuchi", "Tokuchi, Hideshi"),
        ("Lee Smith", "Smith, Lee"),
        ("Wei Chen", "Chen, Wei"),
        ("Plato", "Plato"),
    ],
)
def test_sort_name_handles_family_name_in_capitals_and_east_asian_order(display, expected):
    assert default_sort_name(display) == expected


DUPLICATES = [
    ("Hideshi Tokuchi", {}, "H. Tokuchi", {}),
    ("Hideshi Tokuchi", {}, "TOKUCHI H.", {}),
    ("Hideshi Tokuchi", {"other_script_name": "徳地秀士"}, "徳地秀士", {}),
    (
        "Hideshi Tokuchi",
        {"other_script_name": "徳地 秀士"},
        "TOKUCHI Hideshi",
        {"other_script_name": "徳地秀士"},
    ),
    ("Shinzō Abe", {}, "ABE Shinzou", {}),
    ("Shinzo Abe", {}, "Shinzoh Abe", {}),
    ("Hsu Ming-chu", {}, "Xu Mingchu", {}),
    ("Tsai Ing-wen", {}, "Cai Ingwen", {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("one", "one_fields", "other", "other_fields"), DUPLICATES)
def test_duplicates_are_caught_by_initials_transliteration_and_other_script(
    one, one_fields, other, other_fields
):
    a = make_author(one, **one_fields)
    b = make_author(other, **other_fields)
    make_author("Someone Else")
    make_author("Tokuchi Research Group Member Kenji Sato")
    assert set(Author.objects.likely_duplicates()) == {a, b}


@pytest.mark.django_db
def test_different_people_with_one_shared_word_are_not_duplicates():
    make_author("Hideshi Tokuchi")
    make_author("Kenji Tokuchi")
    make_author("K. Sato")
    make_author("徳地秀士")
    make_author("陳美玲")
    assert not Author.objects.likely_duplicates().exists()


@pytest.fixture
def bio_client(client):
    groups = roles.ensure_roles()
    client.force_login(make_user("bea", groups=[groups[roles.BIO_STAFF]], is_staff=True))
    return client


@pytest.mark.django_db
def test_merge_keeps_the_record_with_more_history_by_default(bio_client):
    established = make_author("Hideshi Tokuchi", title="President")
    make_article(authors=[established], status="published")
    newcomer = make_author("TOKUCHI Hideshi")  # the new duplicate, with no bylines
    assert keep_first([newcomer, established]) == [established, newcomer]
    page = bio_client.get(
        reverse("admin:authors_author_merge"), {"ids": f"{newcomer.pk},{established.pk}"}
    ).content.decode()
    checked = page.index("checked")
    assert page.rfind('value="', 0, checked) == page.rfind(f'value="{established.pk}"', 0, checked)
    assert "1 byline, 1 affiliation" in page


@pytest.mark.django_db
def test_with_equal_bylines_affiliations_decide_then_age():
    older, newer = make_author("A One"), make_author("One A")
    assert keep_first([newer, older]) == [older, newer]
    Affiliation.objects.create(author=newer, organization=make_organization(), title="Fellow")
    assert keep_first([older, newer]) == [newer, older]


@pytest.mark.django_db
def test_expertise_and_link_changes_appear_in_the_authors_history(bio_client):
    author = make_author("Tracked Person")
    data = {
        "display_name": "Tracked Person", "sort_name": "Person, Tracked", "slug": author.slug,
        "listed": "on", "expertise": "Japan, Maritime security",
        "affiliations-TOTAL_FORMS": "0", "affiliations-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "1", "links-INITIAL_FORMS": "0",
        "links-0-label": "Bluesky", "links-0-url": "https://bsky.app/tracked",
        "links-0-position": "0",
    }  # fmt: skip
    url = reverse("admin:authors_author_change", args=[author.pk])
    response = bio_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = author.history.order_by("-history_id").first()
    assert latest.expertise_names == "Japan, Maritime security"
    assert latest.link_list == "Bluesky: https://bsky.app/tracked"
    assert latest.history_user.username == "bea"
    assert author.history.count() == 2  # created, then this one edit — not a separate row

    data["expertise"] = "Japan"
    bio_client.post(url, data | {"links-INITIAL_FORMS": "1",
                                 "links-0-id": str(AuthorLink.objects.get().pk),
                                 "links-0-DELETE": "on"})  # fmt: skip
    page = bio_client.get(reverse("admin:authors_author_history", args=[author.pk]))
    text = page.content.decode()
    assert "Maritime security" in text and "bsky.app/tracked" in text
    latest = author.history.order_by("-history_id").first()
    assert (latest.expertise_names, latest.link_list) == ("Japan", "")

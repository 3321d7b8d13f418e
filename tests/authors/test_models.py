import datetime

import pytest
from django.core.exceptions import ValidationError

from authors.models import Affiliation, Author, default_sort_name
from authors.orcid import normalise_orcid, validate_orcid
from tests.factories import make_author, make_organization

pytestmark = pytest.mark.django_db


def test_bio_line_in_house_style():
    author = make_author("Hideshi Tokuchi", title="President")
    assert author.bio_line() == (
        "Hideshi Tokuchi is President, Research Institute for Peace and Security (RIPS)."
    )


def test_bio_line_with_two_current_affiliations_primary_first():
    author = make_author("Jane Roe")
    keio = make_organization("Keio University", acronym="")
    rips = make_organization()
    Affiliation.objects.create(author=author, organization=keio, title="Adjunct Professor")
    Affiliation.objects.create(
        author=author, organization=rips, title="Senior Fellow", primary=True
    )
    assert author.bio_line() == (
        "Jane Roe is Senior Fellow, Research Institute for Peace and Security (RIPS), "
        "and Adjunct Professor, Keio University."
    )


def test_bio_line_with_no_affiliation_uses_the_one_line_bio():
    assert make_author("Jane Roe", short_bio="Jane Roe is a writer.").bio_line() == (
        "Jane Roe is a writer."
    )
    assert make_author("John Doe").bio_line() == ""


def test_bio_line_with_honorific():
    author = make_author("Jane Roe", honorific="Dr.", title="Director")
    assert author.bio_line().startswith("Dr. Jane Roe is Director, ")


def test_bio_line_depends_on_the_date():
    author = make_author("Jane Roe")
    old = make_organization("Old Institute", acronym="")
    new = make_organization("New Institute", acronym="")
    Affiliation.objects.create(
        author=author, organization=old, title="Fellow", end_date=datetime.date(2020, 12, 31)
    )
    Affiliation.objects.create(
        author=author, organization=new, title="Director", start_date=datetime.date(2021, 1, 1)
    )
    assert author.bio_line(on=datetime.date(2020, 6, 1)) == "Jane Roe is Fellow, Old Institute."
    assert author.bio_line(on=datetime.date(2022, 6, 1)) == "Jane Roe is Director, New Institute."


def test_affiliation_cannot_end_before_it_starts():
    affiliation = Affiliation(
        author=make_author(),
        organization=make_organization(),
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    )
    with pytest.raises(ValidationError):
        affiliation.full_clean()


@pytest.mark.parametrize(
    ("display", "expected"),
    [("Hideshi Tokuchi", "Tokuchi, Hideshi"), ("徳地秀士", "徳地秀士"), ("Plato", "Plato")],
)
def test_default_sort_name(display, expected):
    assert default_sort_name(display) == expected


def test_author_slug_and_lookup_in_either_script():
    author = make_author("Hideshi Tokuchi", other_script_name="徳地秀士")
    assert author.slug == "hideshi-tokuchi"
    assert list(Author.objects.find("徳地秀士")) == [author]
    assert list(Author.objects.find("hideshi  TOKUCHI")) == [author]


@pytest.mark.parametrize(
    "value", ["0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097", "000000021694233X"]
)
def test_valid_orcid_ids(value):
    validate_orcid(value)


@pytest.mark.parametrize("value", ["0000-0002-1825-0098", "1234", "0000-0002-1825-009X"])
def test_invalid_orcid_ids(value):
    with pytest.raises(ValidationError):
        validate_orcid(value)


def test_orcid_is_stored_normalised():
    author = make_author(orcid="https://orcid.org/0000000218250097")
    author.full_clean()
    assert author.orcid == "0000-0002-1825-0097"
    assert author.orcid_url == "https://orcid.org/0000-0002-1825-0097"
    assert normalise_orcid(" 0000 0002 1825 0097 ") == "0000-0002-1825-0097"

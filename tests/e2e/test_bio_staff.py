"""Bio staff in the browser: the bio sentence follows their typing."""

import pytest

from articles import roles
from tests.factories import make_author, make_organization, make_user


@pytest.fixture
def bio_desk(base):
    groups = roles.ensure_roles()
    make_user("bea", groups=[groups[roles.BIO_STAFF]], is_staff=True)
    make_organization()
    return base


def test_bio_sentence_updates_as_staff_edit(bio_desk, people):
    author = make_author("Hideshi Tokuchi", title="President")
    bea = people(bio_desk, "bea")
    bea.goto(f"{bio_desk}/admin/authors/author/{author.pk}/change/")
    sentence = bea.locator(".field-current_bio .readonly")
    assert sentence.inner_text() == (
        "Hideshi Tokuchi is President, Research Institute for Peace and Security (RIPS)."
    )
    bea.fill("#id_honorific", "Dr.")
    bea.fill("#id_affiliations-0-title", "Chair")
    bea.wait_for_function(
        "el => el.textContent.startsWith('Dr. Hideshi Tokuchi is Chair,')",
        arg=sentence.element_handle(),
    )
    assert sentence.inner_text() == (
        "Dr. Hideshi Tokuchi is Chair, Research Institute for Peace and Security (RIPS)."
    )

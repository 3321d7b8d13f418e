import datetime

import pytest
from django.utils import timezone

from tests.articles.conftest import team  # noqa: F401  (the editorial roles)
from tests.factories import make_article, make_author, make_organization, make_picture, make_series


@pytest.fixture
def report(db):
    """A live commentary by a Latin-named author with an ORCID and a Chinese-named co-author,
    No. 4 of its series, published on 1 February 2024 (Taipei time)."""
    series = make_series("Prospects & Perspectives")
    for _ in range(3):  # numbers 1–3 go to earlier commentaries
        make_article(series=series, status="published",
                     at=timezone.make_aware(datetime.datetime(2024, 1, 2, 9)))  # fmt: skip
    tokuchi = make_author("Hideshi Tokuchi", title="President", orcid="0000-0002-1825-0097",
                          organization=make_organization())  # fmt: skip
    lin = make_author("林宗弘", other_script_name="Lin Thung-hong", title="研究員",
                      organization=make_organization("中央研究院", acronym=""))  # fmt: skip
    picture = make_picture(credit_source="日本台灣交流協會", credit_platform="Facebook",
                           alt_text="Two delegations at a table", caption="A meeting.")  # fmt: skip
    return make_article(
        "Promoting the Japan-Taiwan Partnership",
        series=series,
        authors=[tokuchi, lin],
        tags=["Japan", "Taiwan"],
        summary="Why Tokyo and Taipei should deepen ties.",
        body='<p>Japan and Taiwan share <a href="/articles/">values</a>.</p>',
        lead_image=picture,
        status="published",
        at=timezone.make_aware(datetime.datetime(2024, 2, 1, 9, 30)),
    )

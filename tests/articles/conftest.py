from types import SimpleNamespace

import pytest

from articles import roles
from tests.factories import make_user


@pytest.fixture
def team(db):
    """One person per role, with the demo's groups."""
    groups = roles.ensure_roles()
    return SimpleNamespace(
        contributor=make_user("carla", groups=[groups[roles.CONTRIBUTOR]], is_staff=True),
        contributor2=make_user("conrad", groups=[groups[roles.CONTRIBUTOR]], is_staff=True),
        editor=make_user("erin", groups=[groups[roles.EDITOR]], is_staff=True),
        editor2=make_user("eddie", groups=[groups[roles.EDITOR]], is_staff=True),
        managing=make_user("maya", groups=[groups[roles.MANAGING_EDITOR]], is_staff=True),
        bio=make_user("bea", groups=[groups[roles.BIO_STAFF]], is_staff=True),
    )

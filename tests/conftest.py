import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded and generated files go to a throwaway folder, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def staff_otp_off(settings):
    """Staff sign in without a second factor unless a test turns it on: most tests sign staff in
    with force_login or a password alone. The two-factor tests set STAFF_OTP_REQUIRED = True."""
    settings.STAFF_OTP_REQUIRED = False


@pytest.fixture(autouse=True)
def pdf_edition_on_demand(settings):
    """Building a PDF takes about a second and tests publish hundreds of articles, so editions
    are built when asked for; tests/scholarly/test_pdf.py turns building on publication on."""
    settings.PDF_EDITION_ON_PUBLISH = False


@pytest.fixture(autouse=True)
def fragments_kept(settings):
    """Tests run in one process, where local memory is shared by every request: fragments are
    kept as in production with Redis (prospect/fragments.py)."""
    settings.FRAGMENT_CACHE = True


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no rendered pages cached (the page cache outlives transactions)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request to /zh-hant/ leaves Chinese active on the thread,
    and reverse() would then build Chinese addresses for the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def seed_path(settings):
    return settings.BASE_DIR / "articles" / "fixtures" / "seed_commentary.txt"


@pytest.fixture
def seed_bytes(seed_path):
    return seed_path.read_bytes()


@pytest.fixture(autouse=True)
def site_url(settings):
    """Public addresses come from SITE_URL; in tests the site is the test client's host."""
    settings.SITE_URL = "http://testserver"
    return settings.SITE_URL

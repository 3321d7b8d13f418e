import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded and generated files go to a throwaway folder, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no rendered pages cached (the page cache outlives transactions)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def seed_path(settings):
    return settings.BASE_DIR / "articles" / "fixtures" / "seed_commentary.txt"


@pytest.fixture
def seed_bytes(seed_path):
    return seed_path.read_bytes()

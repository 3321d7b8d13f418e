"""Pictures with the same content share their rendition files: made once, removed with the last."""

import pytest
from django.core.files.storage import default_storage

from prospect.images import renditions
from prospect.images.models import ImageCredit
from prospect.images.uploads import placeholder_image

pytestmark = pytest.mark.django_db


def placeholder():
    picture = ImageCredit.objects.create(image=placeholder_image(), alt_text="Panel")
    renditions.ensure(picture)
    return picture


def test_a_second_picture_of_the_same_content_reuses_the_renditions(monkeypatch):
    first = placeholder()
    monkeypatch.setattr(renditions, "_render", lambda *args: pytest.fail("rendered again"))
    second = placeholder()
    assert second.renditions["sizes"] == first.renditions["sizes"]
    assert ImageCredit.objects.get(pk=second.pk).renditions == second.renditions


def test_deleting_one_of_two_pictures_keeps_the_files_the_other_shows(
    django_capture_on_commit_callbacks,
):
    first, second = placeholder(), placeholder()
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert all(default_storage.exists(name) for name in renditions.files(second))
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert not any(default_storage.exists(name) for name in renditions.files(second))


def test_renditions_whose_files_are_gone_are_made_again():
    first = placeholder()
    for name in renditions.files(first):
        default_storage.delete(name)
    second = placeholder()
    assert all(default_storage.exists(name) for name in renditions.files(second))

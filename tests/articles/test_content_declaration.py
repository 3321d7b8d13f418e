"""Article content is declared once (articles/models/content.py) and the workflow is one table."""

from pathlib import Path

import pytest

from articles import workflow
from articles.models import (
    Article,
    Byline,
    EditorNote,
    WorkflowEvent,
    content,
    fingerprint,
    snapshot,
)
from prospect.images.models import ImageCredit
from tests.factories import make_ready_article

KINDS = {"content", "workflow", "bookkeeping"}


def field_names(model):
    return {f.name for f in model._meta.get_fields() if f.concrete or f.many_to_many}


@pytest.mark.parametrize(
    "model, declared",
    [
        (Article, content.ARTICLE),
        (Byline, content.BYLINE),
        (EditorNote, content.EDITOR_NOTE),
        (ImageCredit, content.PICTURE),
    ],
    ids=["Article", "Byline", "EditorNote", "ImageCredit"],
)
def test_every_model_field_is_classified_as_content_workflow_or_bookkeeping(model, declared):
    assert field_names(model) == set(declared), (
        "classify the new field in articles/models/content.py"
    )
    assert set(declared.values()) <= KINDS


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", [n for n, kind in content.ARTICLE.items() if kind == "content" and n != "tags"]
)
def test_every_article_content_field_is_in_the_approval_fingerprint(name):
    article = make_ready_article()
    before = fingerprint(snapshot(article))
    attname = Article._meta.get_field(name).attname
    data = snapshot(article)
    data[attname] = "something else"
    assert fingerprint(data) != before


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n, k in content.PICTURE.items() if k == "content"])
def test_every_picture_content_field_reaches_the_fingerprint(name):
    import datetime

    article = make_ready_article()
    picture = article.lead_image
    before = fingerprint(snapshot(article))
    field = ImageCredit._meta.get_field(name)
    if name == "image":
        picture.image.name = "images/another.jpg"
    elif name == "decorative":
        picture.decorative = True
    elif field.get_internal_type() == "DateField":
        setattr(picture, name, datetime.date(2031, 1, 2))
    elif name == "credit_url":
        picture.credit_url = "https://example.org/elsewhere"
    else:
        setattr(picture, name, "changed")
    assert fingerprint(snapshot(article)) != before


def test_every_transition_and_workflow_step_is_an_event_action():
    assert set(workflow.TRANSITIONS) <= set(WorkflowEvent.Action.values)


@pytest.mark.django_db
def test_an_unknown_event_action_is_refused():
    article = make_ready_article()
    with pytest.raises(ValueError):
        WorkflowEvent.record(article, "quietly_published")


def test_only_the_pipeline_writes_audit_events():
    root = Path(__file__).resolve().parents[2]
    writers = [
        path.relative_to(root).as_posix()
        for folder in ("articles", "authors", "prospect")
        for path in (root / folder).rglob("*.py")
        if "WorkflowEvent.record(" in path.read_text() or "events.create(" in path.read_text()
    ]
    assert writers == ["articles/workflow/pipeline.py"]


@pytest.mark.django_db
def test_the_reviewers_diff_shows_picture_and_public_note_changes():
    from articles.diff import compare

    article = make_ready_article()
    before = snapshot(article)
    article.lead_image.alt_text = "A different scene"
    article.lead_image.save()
    EditorNote.objects.create(
        article=article, kind=EditorNote.Kind.CORRECTION, body="Fixed a date."
    )
    changes = {c.label: " ".join(c.lines) for c in compare(before, snapshot(article)).changed}
    assert set(changes) == {"Lead picture", "Editor's Note and corrections"}
    assert "Alt text:" in changes["Lead picture"]
    assert "A <del>test picture</del> <ins>different scene</ins>" in changes["Lead picture"]
    assert "Correction added" in changes["Editor's Note and corrections"]


def test_the_readmes_workflow_table_is_the_transition_table():
    from articles.workflow.rules import markdown_table

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    start, end = "<!-- workflow-table -->\n", "\n<!-- /workflow-table -->"
    copy = readme[readme.index(start) + len(start) : readme.index(end)]
    assert copy == markdown_table(), "paste articles.workflow.rules.markdown_table() into README"

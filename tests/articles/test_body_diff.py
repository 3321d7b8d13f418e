"""The body compared block by block and word by word, with formatting and links said in words."""

import re

from articles.diff.body import blocks, compare_bodies
from articles.diff.words import word_diff


def entries(before, after):
    return [(e.status, e.caption) for e in compare_bodies(before, after)]


def only_change(before, after):
    changed = [e for e in compare_bodies(before, after) if e.status not in ("same", "folded")]
    assert len(changed) == 1, changed
    return changed[0]


def test_a_changed_word_is_marked_inside_its_paragraph_and_the_rest_is_context():
    before = "<p>First paragraph.</p><p>The talks failed in March.</p><p>Last paragraph.</p>"
    after = "<p>First paragraph.</p><p>The talks resumed in March.</p><p>Last paragraph.</p>"
    found = compare_bodies(before, after)
    assert [e.status for e in found] == ["same", "changed", "same"]
    assert found[1].html == "The talks <del>failed</del> <ins>resumed</ins> in March."
    assert found[1].caption == "Paragraph changed"
    assert "<ins>" not in found[0].html + found[2].html


def test_identical_bodies_have_nothing_to_show():
    body = "<h2>A</h2><p>Text with <strong>bold</strong>.</p>"
    assert compare_bodies(body, body) == []


def test_bold_added_to_words_is_shown_and_said():
    change = only_change(
        "<p>Some plain words here.</p>", "<p>Some <strong>plain words</strong> here.</p>"
    )
    assert '<span class="format-change"><strong>plain words</strong></span>' in change.html
    assert change.notes == ["Bold added to “plain words”"]
    assert "<ins>" not in change.html and "<del>" not in change.html


def test_italic_removed_is_said():
    change = only_change("<p>A <em>term</em> of art.</p>", "<p>A term of art.</p>")
    assert change.notes == ["Italic removed from “term”"]


def test_a_changed_link_target_shows_the_old_and_the_new_address():
    change = only_change(
        '<p>See <a href="https://old.example.org/report">the report</a>.</p>',
        '<p>See <a href="https://new.example.org/report">the report</a>.</p>',
    )
    assert len(change.notes) == 1
    note = change.notes[0]
    assert note.startswith("Link target changed on “the report”:")
    assert note.index("https://old.example.org/report") < note.index("→")
    assert note.index("→") < note.index("https://new.example.org/report")


def test_changed_link_text_added_and_removed_links_are_said():
    change = only_change(
        '<p>Read <a href="https://a.example.org">a study</a> and '
        '<a href="https://gone.example.org">an old page</a>.</p>',
        '<p>Read <a href="https://a.example.org">the study</a> and '
        '<a href="https://b.example.org">a new page</a>.</p>',
    )
    notes = " | ".join(change.notes)
    assert "Link text changed: “a study” → “the study”" in notes
    assert "Link removed: “an old page”" in notes and "https://gone.example.org" in notes
    assert "Link added: “a new page” →" in notes and "https://b.example.org" in notes


def test_an_added_paragraph_is_wholly_inserted_and_its_links_listed():
    found = compare_bodies(
        "<p>One.</p>", '<p>One.</p><p>Two, with <a href="https://x.example.org">a link</a>.</p>'
    )
    added = found[-1]
    assert added.status == "added" and added.caption == "Paragraph added"
    assert added.html.startswith("<ins>") and added.html.endswith("</ins>")
    assert any("https://x.example.org" in note for note in added.notes)


def test_a_removed_heading_is_named_and_struck():
    found = compare_bodies("<h2>Background</h2><p>Text.</p>", "<p>Text.</p>")
    assert found[0].status == "removed" and found[0].caption == "Heading level 2 removed"
    assert found[0].html == "<del>Background</del>"


def test_a_heading_level_change_is_named():
    change = only_change("<h2>Background</h2><p>x</p>", "<h3>Background</h3><p>x</p>")
    assert change.caption == "Heading level 2 → heading level 3"
    assert change.html == "Background"


def test_a_paragraph_turned_into_a_heading_is_named():
    change = only_change("<p>Background</p>", "<h2>Background</h2>")
    assert change.caption == "Paragraph → heading level 2"


def test_list_items_are_blocks_of_their_own():
    before = "<ul><li>Trade</li><li>Security</li></ul>"
    after = "<ul><li>Trade</li><li>Energy</li><li>Security</li></ul>"
    assert entries(before, after) == [
        ("same", "Bulleted list item"),
        ("added", "Bulleted list item added"),
        ("same", "Bulleted list item"),
    ]


def test_a_bulleted_list_turned_numbered_is_named():
    change = only_change("<ul><li>Trade</li></ul>", "<ol><li>Trade</li></ol>")
    assert change.caption == "Bulleted list item → numbered list item"


def test_nested_list_items_and_quotations_have_their_kind():
    kinds = [
        b.kind
        for b in blocks(
            "<ol><li>One<ul><li>Inner</li></ul></li></ol><blockquote><p>Quoted.</p></blockquote>"
            "<figure><figcaption>Caption</figcaption></figure><hr>"
        )
    ]
    assert kinds == [
        "numbered list item",
        "bulleted list item (level 2)",
        "quotation",
        "figure caption",
        "separator line",
    ]


def test_long_unchanged_stretches_are_folded_with_one_block_of_context_each_side():
    paragraphs = [f"<p>Paragraph {n} stays.</p>" for n in range(1, 11)]
    after = list(paragraphs)
    after[5] = "<p>Paragraph 6 moved.</p>"
    found = compare_bodies("".join(paragraphs), "".join(after))
    assert [e.status for e in found] == ["folded", "same", "changed", "same", "folded"]
    assert found[0].caption == "4 unchanged paragraphs" and len(found[0].hidden) == 4
    assert found[1].html == "Paragraph 5 stays."
    assert found[3].html == "Paragraph 7 stays."
    assert len(found[-1].hidden) == 3


def test_an_edited_paragraph_is_found_among_added_ones():
    before = "<p>The minister spoke about the partnership today.</p>"
    after = (
        "<p>A new opening.</p><p>The minister spoke about the new partnership today.</p>"
        "<p>A new ending.</p>"
    )
    assert [e.status for e in compare_bodies(before, after)] == ["added", "changed", "added"]


def test_a_line_break_added_is_visible_and_named():
    change = only_change("<p>One two</p>", "<p>One<br>two</p>")
    assert "line break" in change.html and "<ins>" in change.html


def test_chinese_is_compared_character_by_character():
    assert word_diff("日台關係的未來", "日美關係的未來") == "日<del>台</del><ins>美</ins>關係的未來"


def test_words_removed_at_the_end_keep_their_space():
    assert word_diff("a b c", "a b") == "a b <del>c</del>"
    assert word_diff("a b c", "a c") == "a <del>b</del> c"


def test_nothing_from_the_compared_html_reaches_the_page_unescaped():
    # Bodies are sanitized when saved; an old revision is still never trusted.
    hostile = (
        '<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:alert(2)">x</a>'
        '<img src=x onerror="alert(3)"> &lt;b&gt;</p>'
    )
    found = compare_bodies("<p>Hi</p>", hostile)
    html = " ".join([e.html for e in found] + [n for e in found for n in e.notes])
    assert "<script" not in html and "onclick" not in html and "<img" not in html
    assert "onerror" not in html and "&lt;b&gt;" in html
    assert not re.search(r"href=\"javascript", html)
    assert "<code>javascript:alert(2)</code>" in html


def test_an_escaped_title_diff_stays_escaped():
    assert (
        word_diff("Plain", "<em>Plain</em> & co")
        == "<del>Plain</del> <ins>&lt;em&gt;Plain&lt;/em&gt; &amp; co</ins>"
    )

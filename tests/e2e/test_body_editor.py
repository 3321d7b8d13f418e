"""The body editor in the browser: spell checking, document headings, links as in word
processors, pasting from Word and Google Docs, a toolbar that announces its state, and the body
shown formatted to those who may only read it."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from articles import roles, workflow
from articles.models import Article
from tests.factories import make_ready_article, make_user

from .conftest import AXE, login
from .test_public_pages import WCAG

CLIPBOARD = Path(__file__).parents[1] / "articles" / "clipboard"
EDITOR = ".article-body-editor .ProseMirror[contenteditable=true]"
TOOLBAR = '[role="toolbar"][aria-label="Formatting"]'


@pytest.fixture
def desk(base):
    groups = roles.ensure_roles()
    make_user("erin", groups=[groups[roles.EDITOR]], is_staff=True)
    make_user("maya", groups=[groups[roles.MANAGING_EDITOR]], is_staff=True)
    make_user("carla", groups=[groups[roles.CONTRIBUTOR]], is_staff=True)
    return base


def draft(body="", **fields):
    return make_ready_article("Editor at work", body=body, **fields)


def open_editor(page, base, article):
    page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    editor = page.locator(EDITOR)
    editor.wait_for()
    return editor


def body_html(page):
    """What the form will send: the editor writes its HTML into the body's textarea."""
    return page.locator("#id_body").evaluate("el => el.value")


def save(page):
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1, page.locator(
        ".errornote, .errorlist"
    ).all_inner_texts()


def select_text(editor, text):
    """Select the first occurrence of ``text`` in the editor, as a drag with the mouse would."""
    editor.evaluate(
        """(el, text) => {
            el.focus();
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const at = walker.currentNode.data.indexOf(text);
                if (at === -1) continue;
                const range = document.createRange();
                range.setStart(walker.currentNode, at);
                range.setEnd(walker.currentNode, at + text.length);
                getSelection().removeAllRanges();
                getSelection().addRange(range);
                return;
            }
            throw new Error(`no ${text} in the editor`);
        }""",
        text,
    )
    editor.page.wait_for_function("t => getSelection().toString() === t", arg=text)
    editor.page.wait_for_timeout(50)  # the editor reads the selection on selectionchange


def caret_after(editor, text):
    select_text(editor, text)
    editor.page.keyboard.press("ArrowRight")


def paste_html(editor, html):
    editor.evaluate(
        """(el, html) => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', html.replace(/<[^>]+>/g, ' '));
            el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
        }""",
        html,
    )


def button(page, name):
    return page.locator(TOOLBAR).get_by_role("button", name=name, exact=True)


# --- spell checking ---------------------------------------------------------------------


def test_spell_check_is_on_in_the_article_language(desk, people):
    page = people(desk, "erin")
    editor = open_editor(page, desk, draft("<p>台灣與日本</p>", language="zh-hant"))
    assert editor.get_attribute("spellcheck") == "true"
    assert editor.get_attribute("lang") == "zh-hant"
    page.locator("summary", has_text="Language").click()
    page.select_option("#id_language", "en")
    page.wait_for_function("el => el.lang === 'en'", arg=editor.element_handle())
    assert editor.get_attribute("spellcheck") == "true"


# --- a document, not admin chrome -----------------------------------------------------------


def style(locator, prop):
    return locator.evaluate("(el, p) => getComputedStyle(el)[p]", prop)


def px(locator, prop):
    return float(style(locator, prop).removesuffix("px"))


def test_empty_body_is_a_twenty_line_text_area_with_a_visible_focus_ring(desk, people):
    page = people(desk, "erin")
    editor = open_editor(page, desk, draft(""))
    height = editor.bounding_box()["height"]
    assert height >= 20 * px(editor, "lineHeight")
    editor.click()
    assert px(editor, "outlineWidth") >= 2 and style(editor, "outlineStyle") != "none"
    assert editor.evaluate("el => el === document.activeElement")


def test_headings_look_like_document_headings_by_rank(desk, people):
    page = people(desk, "erin")
    body = "<h2>Section</h2><h3>Subsection</h3><h4>Minor heading</h4><p>Running text.</p>"
    editor = open_editor(page, desk, draft(body))
    h2, h3, h4, p = (editor.locator(tag).first for tag in ("h2", "h3", "h4", "p"))
    sizes = [px(element, "fontSize") for element in (h2, h3, h4, p)]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 4, sizes
    assert sizes[0] >= 1.4 * sizes[3]
    section_bar = page.locator("fieldset.module h2", has_text="Picture and topics")
    for heading in (h2, h3, h4):
        assert int(style(heading, "fontWeight")) >= 700
        assert style(heading, "backgroundColor") == "rgba(0, 0, 0, 0)"
        assert style(heading, "textTransform") == "none"
        assert style(heading, "color") == style(p, "color")
    assert style(section_bar, "backgroundColor") != style(h2, "backgroundColor")


# --- links ------------------------------------------------------------------------------------


def test_ctrl_k_links_the_selection_and_text_typed_after_a_link_stays_outside(desk, people):
    page = people(desk, "erin")
    article = draft("<p>Read the report</p>")
    editor = open_editor(page, desk, article)
    select_text(editor, "the report")
    page.keyboard.press("ControlOrMeta+k")
    dialog = page.get_by_role("dialog", name="Add link")
    dialog.get_by_label("Address").fill("www.example.org/report")
    page.keyboard.press("Enter")
    assert not dialog.is_visible()
    assert '<a href="https://www.example.org/report">the report</a>' in body_html(page)
    caret_after(editor, "the report")
    page.keyboard.type(" today.")
    assert body_html(page).endswith(
        '<a href="https://www.example.org/report">the report</a> today.</p>'
    )
    save(page)
    assert Article.objects.get(pk=article.pk).body == (
        '<p>Read <a href="https://www.example.org/report" rel="noopener">the report</a> today.</p>'
    )


def test_text_typed_at_either_end_of_a_link_stays_outside_it(desk, people):
    page = people(desk, "erin")
    editor = open_editor(page, desk, draft('<p><a href="https://www.example.org/">Report</a></p>'))
    editor.locator("a").click()
    page.keyboard.press("End")
    page.keyboard.type(" out now")
    assert body_html(page) == (
        '<p><a rel="noopener" href="https://www.example.org/">Report</a> out now</p>'
    )
    page.keyboard.press("Home")
    page.keyboard.type("The ")
    assert body_html(page) == (
        '<p>The <a rel="noopener" href="https://www.example.org/">Report</a> out now</p>'
    )


def test_text_inserted_at_the_end_of_a_link_is_not_linked(desk, people):
    # The rule itself, below the browser's own caret handling: the link mark is not inclusive.
    page = people(desk, "erin")
    page.add_init_script(
        "document.addEventListener('prose-editor:ready', "
        "e => { window.bodyEditor = e.detail.editor })"
    )
    open_editor(page, desk, draft('<p>See <a href="https://www.example.org/">Report</a></p>'))
    page.evaluate(
        """() => {
            const editor = window.bodyEditor;
            editor.commands.setTextSelection(editor.state.doc.content.size - 1);
            editor.commands.insertContent("s");
        }"""
    )
    assert (
        body_html(page)
        == '<p>See <a rel="noopener" href="https://www.example.org/">Report</a>s</p>'
    )


def test_ctrl_k_with_nothing_selected_inserts_a_link_then_edits_and_removes_it(desk, people):
    page = people(desk, "erin")
    editor = open_editor(page, desk, draft("<p>Visit</p>"))
    caret_after(editor, "Visit")
    page.keyboard.type(" ")
    page.keyboard.press("ControlOrMeta+k")
    dialog = page.get_by_role("dialog", name="Add link")
    dialog.get_by_label("Text").fill("our site")
    dialog.get_by_label("Address").fill("https://www.example.org/")
    dialog.get_by_role("button", name="Apply").click()
    page.keyboard.type(" now")
    assert body_html(page) == '<p>Visit <a href="https://www.example.org/">our site</a> now</p>'

    caret_after(editor, "our")
    button(page, "Link").click()  # the toolbar button opens the same dialog
    dialog = page.get_by_role("dialog", name="Edit link")
    assert dialog.get_by_label("Address").input_value() == "https://www.example.org/"
    dialog.get_by_label("Address").fill("https://www.example.org/about/")
    page.keyboard.press("Enter")
    assert (
        body_html(page) == '<p>Visit <a href="https://www.example.org/about/">our site</a> now</p>'
    )

    caret_after(editor, "our")
    page.keyboard.press("ControlOrMeta+k")
    page.get_by_role("dialog", name="Edit link").get_by_role("button", name="Remove link").click()
    assert body_html(page) == "<p>Visit our site now</p>"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("javascript:alert(1)", "not to “javascript:” addresses"),
        ("ftp://files.example.org/report.pdf", "not to “ftp:” addresses"),
        ("data:text/html,<b>x</b>", "not to “data:” addresses"),
        ("the report", "is not a web or e-mail address"),
        ("https://", "is not a complete address"),
        ("", "Enter the address"),
    ],
)
def test_link_dialog_accepts_only_web_and_mail_addresses(desk, people, typed, message):
    page = people(desk, "erin")
    page.add_init_script(path=str(AXE))
    editor = open_editor(page, desk, draft("<p>Read the report</p>"))
    select_text(editor, "report")
    page.keyboard.press("ControlOrMeta+k")
    dialog = page.get_by_role("dialog", name="Add link")
    address = dialog.get_by_label("Address")
    address.fill(typed)
    page.keyboard.press("Enter")
    alert = dialog.get_by_role("alert")
    assert message in alert.inner_text()
    assert address.get_attribute("aria-invalid") == "true"
    assert address.evaluate("el => el === document.activeElement")
    assert "<a" not in body_html(page)
    result = page.evaluate(
        "async (tags) => { await document.fonts.ready; "
        "return await axe.run(document, {runOnly: {type: 'tag', values: tags}}); }",
        WCAG,
    )
    assert [v["id"] for v in result["violations"]] == []
    address.fill("desk@example.org")  # an e-mail address is accepted as such
    page.keyboard.press("Enter")
    assert '<a href="mailto:desk@example.org">report</a>' in body_html(page)


def test_escape_closes_the_link_dialog_and_changes_nothing(desk, people):
    page = people(desk, "erin")
    editor = open_editor(page, desk, draft("<p>Read the report</p>"))
    select_text(editor, "report")
    page.keyboard.press("ControlOrMeta+k")
    page.get_by_role("dialog").get_by_label("Address").fill("https://www.example.org/")
    page.keyboard.press("Escape")
    assert page.get_by_role("dialog").count() == 0
    assert body_html(page) == "<p>Read the report</p>"
    assert editor.evaluate("el => el === document.activeElement")


# --- pasting from word processors -----------------------------------------------------------

# Both clipboards (tests/articles/clipboard/) hold the same opening, written in each program.
OPENING = (
    "<h2>A New Chapter in Japan-Taiwan Relations</h2>"
    "<p>Taiwan’s presidential election of January 13 was watched closely in Tokyo. The result "
    "<strong>confirms continuity</strong>, and Japan’s government <em>welcomed</em> it within "
    "hours.</p>"
    '<p>According to the <a href="https://www.mofa.go.jp/press/release/" rel="noopener">'
    "Ministry of Foreign Affairs</a>, three areas matter most:</p>"
    "<ul><li><p>semiconductor supply chains;</p></li><li><p>maritime security in the "
    "<em>East China Sea</em>; and</p>"
)

GOOGLE_DOCS_BODY = (
    OPENING + "</li><li><p>people-to-people exchange.</p></li></ul>"
    "<h3>Security cooperation</h3>"
    "<p>Defence ties remain informal.<sup>1</sup></p>"
    '<ol type="a"><li><p>regular dialogue between coast guards;</p></li>'
    "<li><p>joint disaster-relief exercises.</p></li></ol>"
    '<p>Write to <a href="mailto:desk@example.org" rel="noopener">desk@example.org</a> or read '
    '<a href="https://www.example.org/report?year=2024" rel="noopener">the report</a>.</p>'
)

WORD_BODY = (
    OPENING + "<ul><li><p>especially around the Senkaku Islands;</p>"
    "</li></ul></li><li><p>people-to-people exchange.</p></li></ul>"
    "<h3>Security cooperation</h3>"
    "<p>Defence ties remain informal.[1]</p>"
    "<ol><li><p>Regular dialogue between coast guards.</p></li>"
    "<li><p>Joint disaster-relief exercises.</p></li></ol>"
    "<blockquote><p>“Taiwan is an extremely important partner.”</p></blockquote>"
    "<p>H<sub>2</sub>O and 10<sup>3</sup> are kept, and so is <strong><em>bold italic</em>"
    '</strong>. Write to <a href="mailto:desk@example.org" rel="noopener">desk@example.org</a>.</p>'
)


HOSTILE = (
    '<p>Read <a href="javascript:alert(1)">this</a> and <a href="file:///C:/notes.docx">that'
    "</a>.</p><img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'"
    "</script><style>p { color: red }</style>"
)


@pytest.mark.parametrize(
    "clipboard, expected",
    [("google_docs.html", GOOGLE_DOCS_BODY), ("word.html", WORD_BODY)],
    ids=["google-docs", "word"],
)
def test_pasted_word_processor_text_becomes_clean_paragraphs(desk, people, clipboard, expected):
    page = people(desk, "erin")
    article = draft("")
    editor = open_editor(page, desk, article)
    editor.click()
    paste_html(editor, (CLIPBOARD / clipboard).read_text())
    pasted = body_html(page)
    for leftover in ("style=", "class=", "<p></p>", "<br>", "mso", "docs-internal", "<span"):
        assert leftover not in pasted, leftover
    save(page)
    assert Article.objects.get(pk=article.pk).body == expected


def test_pasted_scripts_and_dangerous_links_never_run(desk, page):
    # Not ``people``: merely parsing an inline handler makes Chromium report that the admin's
    # Content-Security-Policy blocked it; that report is expected here, nothing else is.
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(f"page error: {error}"))
    login(page, desk, "erin")
    article = draft("")
    editor = open_editor(page, desk, article)
    editor.click()
    paste_html(editor, HOSTILE)
    assert body_html(page) == "<p>Read this and that.</p>"
    assert page.title() != "pwned"
    save(page)
    assert Article.objects.get(pk=article.pk).body == "<p>Read this and that.</p>"
    unexpected = [text for text in console if "Content Security Policy" not in text]
    assert unexpected == []


# --- the toolbar --------------------------------------------------------------------------------

TOGGLES = ["Heading 2", "Heading 3", "Heading 4", "Paragraph", "Bold", "Italic", "Subscript",
           "Superscript", "Bulleted list", "Numbered list", "Block quote", "Link"]  # fmt: skip


def pressed(page):
    return {name for name in TOGGLES if button(page, name).get_attribute("aria-pressed") == "true"}


def test_toolbar_buttons_say_which_formatting_is_on(desk, people):
    page = people(desk, "erin")
    body = (
        "<p>Plain and <strong>bold</strong> and <em>slanted</em> and "
        '<a href="https://www.example.org/">linked</a></p><h2>Heading</h2>'
        "<ul><li><p>listed</p></li></ul><ol><li><p>numbered</p></li></ol>"
        "<blockquote><p>quoted</p></blockquote>"
    )
    editor = open_editor(page, desk, draft(body))
    for name in TOGGLES:
        assert button(page, name).get_attribute("aria-pressed") in ("true", "false"), name
    expectations = {
        "bol": {"Bold", "Paragraph"},
        "slant": {"Italic", "Paragraph"},
        "link": {"Link", "Paragraph"},
        "Plai": {"Paragraph"},
        "Head": {"Heading 2"},
        "liste": {"Bulleted list", "Paragraph"},
        "numbe": {"Numbered list", "Paragraph"},
        "quot": {"Block quote", "Paragraph"},
    }
    for text, on in expectations.items():
        caret_after(editor, text)
        assert pressed(page) == on, text
    caret_after(editor, "Plai")
    page.keyboard.press("ControlOrMeta+b")
    page.keyboard.type("X")
    assert button(page, "Bold").get_attribute("aria-pressed") == "true"


def test_toolbar_buttons_are_named_24_px_targets_and_disabled_ones_say_so(desk, people):
    page = people(desk, "erin")
    editor = open_editor(page, desk, draft("<p>Text</p>"))
    buttons = page.locator(f"{TOOLBAR} button")
    for i in range(buttons.count()):
        each = buttons.nth(i)
        if not each.is_visible():
            continue
        assert (each.get_attribute("aria-label") or "").strip(), each.inner_html()
        assert each.get_attribute("title")
        box = each.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, each.get_attribute("aria-label")
    assert button(page, "Undo").get_attribute("aria-disabled") == "true"
    assert button(page, "Redo").get_attribute("aria-disabled") == "true"
    assert button(page, "Bold").get_attribute("aria-keyshortcuts") == "Control+B"
    caret_after(editor, "Text")
    page.keyboard.type(" more")
    assert button(page, "Undo").get_attribute("aria-disabled") == "false"
    assert button(page, "Bulleted list").get_attribute("aria-disabled") == "false"


def test_toolbar_is_one_tab_stop_walked_with_arrow_keys(desk, people):
    page = people(desk, "erin")
    editor = open_editor(page, desk, draft("<p>Text</p>"))
    assert page.locator(f'{TOOLBAR} button[tabindex="0"]').count() == 1
    caret_after(editor, "Text")
    page.keyboard.press("Alt+F10")
    focused = "() => document.activeElement.getAttribute('aria-label')"
    assert page.evaluate(focused) == "Heading 2"
    page.keyboard.press("ArrowRight")
    assert page.evaluate(focused) == "Heading 3"
    page.keyboard.press("End")
    assert page.evaluate(focused) == "Redo"
    page.keyboard.press("ArrowRight")
    assert page.evaluate(focused) == "Heading 2"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Escape")
    assert editor.evaluate("el => el === document.activeElement")
    assert page.locator(f'{TOOLBAR} button[tabindex="0"]').get_attribute("aria-label") == "Redo"


# --- the read-only view -----------------------------------------------------------------------


SECTIONED = "<h2>Section</h2><p>Some <strong>bold</strong> words.</p>"


def test_a_contributor_reading_their_article_in_review_sees_the_body_formatted(desk, people):
    carla = User.objects.get(username="carla")
    article = draft(SECTIONED, created_by=carla)
    workflow.submit(article, by=carla)
    page = people(desk, "carla")
    page.goto(f"{desk}/admin/articles/article/{article.pk}/change/")
    shown = page.locator(".field-body_as_read .body-text")
    assert shown.locator("h2").inner_text() == "Section"
    assert shown.locator("strong").inner_text() == "bold"
    assert "<h2>" not in shown.inner_text() and "&lt;" not in shown.inner_text()
    assert px(shown.locator("h2"), "fontSize") > px(shown.locator("p"), "fontSize")
    assert page.locator(EDITOR).count() == 0


def test_a_live_article_shows_its_body_formatted(desk, people):
    article = draft(SECTIONED, status="published")
    page = people(desk, "maya")
    page.goto(f"{desk}/admin/articles/article/{article.pk}/change/")
    assert page.locator(".field-body_as_read .body-text h2").inner_text() == "Section"

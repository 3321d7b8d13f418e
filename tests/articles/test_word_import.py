def test_without_a_title_style_the_first_heading_is_the_title_and_levels_shift_up():
    from docx import Document

    document = Document()
    document.add_heading("日台關係的下一步", 1)
    document.add_paragraph("By 陳美玲")
    document.add_heading("背景", 2)
    document.add_paragraph("日本與台灣的關係日益緊密。")
    out = io.BytesIO()
    document.save(out)
    parsed, pictures = word.read(out.getvalue(), series="台海觀察")
    assert (parsed.title, parsed.authors, pictures) == ("日台關係的下一步", ["陳美玲"], [])
    assert parsed.body_html == "<h2>背景</h2><p>日本與台灣的關係日益緊密。</p>"
    assert parsed.summary == "日本與台灣的關係日益緊密。"

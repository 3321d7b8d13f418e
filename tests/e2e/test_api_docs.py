"""The API's documentation page works in a real browser under the site's strict CSP: its
assets come from this site, and it renders every operation from /api/v1/openapi.json."""

from tests.factories import make_article


def test_api_docs_render_every_operation_without_csp_violations(base, page, watch):
    article = make_article("A documented commentary", status="published")
    response = page.goto(f"{base}/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/commentaries" in paths and "/api/v1/commentaries/{slug}" in paths
    assert len(paths) == 9
    page.locator(".opblock-summary", has_text="/api/v1/commentaries/{slug}").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_placeholder("slug").fill(article.slug)
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"

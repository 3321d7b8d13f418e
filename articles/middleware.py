from django.http import HttpResponsePermanentRedirect

from .models import LegacyAddress


class LegacyAddressMiddleware:
    """An address that finds nothing, but that a live commentary had on the old site, answers
    301 to the commentary — the way Django's redirects app falls back, so it costs a query only
    for requests that would be 404s anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        path = request.path
        # No stored address is longer or holds a control character (PostgreSQL refuses NUL).
        if len(path) > LegacyAddress._meta.get_field("path").max_length or any(
            ord(c) < 32 for c in path
        ):
            return response
        article = LegacyAddress.objects.live_target(path)
        if article is None:
            return response
        return HttpResponsePermanentRedirect(article.canonical_path())

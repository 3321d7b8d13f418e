"""Media served by the application when there is no object storage.

Only renditions are public, and only those of pictures some public page shows
(``ImageCredit.objects.public()``): never an original upload, a picture whose rights expired, or
one used only by unpublished articles. Rendition names carry a hash of the picture's content, so
they are cached for a year as immutable. Staff (signed in) may fetch any file, privately, for the
admin; a preview page grants its own pictures through a signed, expiring parameter.
"""

import mimetypes
import re

from django.core import signing
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from . import renditions
from .models import ImageCredit

RENDITION = re.compile(r"^renditions/(?P<digest>[0-9a-f]{20})-(?:[a-z]+-)?\d+\.(?:jpg|webp)$")
GRANT_SALT = "prospect.images.preview-grant"
GRANT_MAX_AGE = 24 * 60 * 60
IMMUTABLE = "public, max-age=31536000, immutable"


def grant_query(digest):
    """A query string letting someone without an account load one picture's renditions for a
    day: what a shared preview link shows must load for its reader."""
    signed = signing.TimestampSigner(salt=GRANT_SALT).sign(digest)
    return "grant=" + signed.split(":", 1)[1]


def _granted(digest, grant):
    try:
        signing.TimestampSigner(salt=GRANT_SALT).unsign(f"{digest}:{grant}", GRANT_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def _public_rendition(path):
    match = RENDITION.match(path)
    if not match:
        return None
    picture = ImageCredit.objects.public().filter(renditions__hash=match["digest"]).first()
    return picture if picture and path in renditions.files(picture) else None


@require_GET
def media(request, path):
    match = RENDITION.match(path)
    if _public_rendition(path):
        cache_control = IMMUTABLE
    elif request.user.is_authenticated and request.user.is_staff:
        cache_control = "private, no-store"
    elif match and _granted(match["digest"], request.GET.get("grant", "")):
        cache_control = "private, max-age=3600"
    else:
        raise Http404("No such file.")
    if not default_storage.exists(path):
        raise Http404("No such file.")
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
    response["Cache-Control"] = cache_control
    if cache_control != IMMUTABLE:
        response["Vary"] = "Cookie"
    return response

from django.conf import settings


def publisher(request):
    """The publisher's details for every page's footer (DESIGN: from settings)."""
    return {"PUBLISHER": settings.PUBLISHER}

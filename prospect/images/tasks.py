from prospect.tasks import background

from . import renditions
from .models import ImageCredit


@background(retries=3, retry_on=(OSError,))
def make_renditions(picture_id):
    """Make a picture's renditions; a picture deleted meanwhile needs none."""
    picture = ImageCredit.objects.filter(pk=picture_id).first()
    if picture is not None:
        renditions.ensure(picture)

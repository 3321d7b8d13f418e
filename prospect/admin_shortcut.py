"""The admin's “View on site” shortcut, /admin/r/<content type>/<id>/, held to object permissions.

Django's own shortcut asks only whether the user is staff, then redirects to any object's
``get_absolute_url()``: walking the ids turns every article id into its slug and, for models whose
URL is secret, hands out the secret. Here the object must be one the user could open in its own
admin page — the model is registered, the object is in that admin's queryset for this user, and
the admin grants view or change permission on it — otherwise the answer is the same 404 as for an
id that does not exist.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect


def viewable_object(request, content_type_id, object_id):
    """The object, if ``request.user`` may open it in the admin; Http404 otherwise."""
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ContentType.DoesNotExist, ValueError):
        raise Http404("No such object.") from None
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        raise Http404("No such object.")
    try:
        obj = model_admin.get_queryset(request).filter(pk=object_id).first()
    except (ValueError, TypeError, ValidationError):
        obj = None
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404("No such object.")
    return obj


def view_on_site(request, content_type_id, object_id):
    obj = viewable_object(request, content_type_id, object_id)
    get_url = getattr(obj, "get_absolute_url", None)
    url = get_url() if get_url else None
    if not url:
        raise Http404("This object has no page on the site.")
    return HttpResponseRedirect(url)

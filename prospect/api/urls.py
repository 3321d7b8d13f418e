from functools import wraps

from django.urls import URLPattern, path

from .api import api


def answering_head(view):
    """HEAD is GET without the body (which the server drops), as for the site's own pages;
    django-ninja would refuse it with 405."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "HEAD":
            request.method = "GET"
        return view(request, *args, **kwargs)

    return wrapped


def _with_head(urls):
    patterns, app, namespace = urls
    patterns = [URLPattern(p.pattern, answering_head(p.callback), p.default_args, p.name)
                for p in patterns]  # fmt: skip
    return patterns, app, namespace


urlpatterns = [path("api/v1/", _with_head(api.urls))]

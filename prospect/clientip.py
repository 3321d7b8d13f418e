"""The client's address behind reverse proxies, for django-axes' lockouts (and logs).

Each trusted proxy appends the address it received the request from to ``CLIENT_IP_HEADER``
(X-Forwarded-For by default), so with ``TRUSTED_PROXY_COUNT`` proxies in front the client is the
entry that many places from the end. Anything further left was written by the client itself and
is ignored, so forging the header does not escape a lockout. With no proxy configured, the
socket's address is used and the header is never trusted.
"""

from django.conf import settings


def client_ip(request):
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        meta_key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        entries = [e.strip() for e in request.META.get(meta_key, "").split(",") if e.strip()]
        if len(entries) >= count:
            return entries[-count]
    return request.META.get("REMOTE_ADDR")

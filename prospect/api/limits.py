"""Per-client rate limits for the API, counted in the cache so every process shares them.

A client is its API key when it sends one (``X-API-Key``), otherwise its address. Each gets a
number of requests per minute (fixed one-minute windows: an atomic ``incr`` per request, which
Redis performs for all processes at once); past it, 429 with Retry-After. An unknown or revoked
key is refused with 401 rather than silently treated as anonymous, so a partner notices.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse

from .models import ApiKey

WINDOW_SECONDS = 60
API_PATH = "/api/"


def hit(client, now=None):
    """Count one request of ``client``: (requests in this window so far, seconds left in it)."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"api-rate:{client}:{window}"
    cache.add(key, 0, WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired or evicted between add() and incr()
        cache.set(key, 1, WINDOW_SECONDS * 2)
        count = 1
    return count, max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))


def client_address(request):
    """REMOTE_ADDR, or with API_PROXY_COUNT proxies in front, the address the first one saw."""
    proxies = settings.API_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def error(status, detail):
    return JsonResponse({"detail": detail}, status=status)


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PATH):
            return self.get_response(request)
        raw_key = request.headers.get("X-API-Key")
        if raw_key is not None:
            key = ApiKey.objects.matching(raw_key.strip())
            if key is None:
                return error(401, "Unknown or revoked API key.")
            client, limit = f"key:{key.pk}", key.requests_per_minute
        else:
            client = f"address:{client_address(request)}"
            limit = settings.API_ANONYMOUS_REQUESTS_PER_MINUTE
        count, reset = hit(client)
        if count > limit:
            response = error(429, f"Too many requests: {limit} a minute. Try again shortly.")
            response["Retry-After"] = str(reset)
        else:
            response = self.get_response(request)
        response["RateLimit-Limit"] = str(limit)
        response["RateLimit-Remaining"] = str(max(0, limit - count))
        response["RateLimit-Reset"] = str(reset)
        return response

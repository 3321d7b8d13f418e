"""The signature every webhook request carries, and how a receiver checks it.

HMAC-SHA256, keyed with the endpoint's secret, over ``"<timestamp>.<body>"``: the timestamp is
signed with the body, so a captured request cannot be replayed later under a fresh timestamp.
"""

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-Prospect-Timestamp"
SIGNATURE_HEADER = "X-Prospect-Signature"
SCHEME = "sha256="
# How old a request a receiver should accept; each retry is signed afresh.
TOLERANCE_SECONDS = 300


def signature(secret, timestamp, body):
    """``body`` is the exact bytes sent; returns the header value, ``sha256=<hex>``."""
    message = f"{timestamp}.".encode() + body
    return SCHEME + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def headers(secret, body, now=None):
    timestamp = str(int(now if now is not None else time.time()))
    return {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: signature(secret, timestamp, body)}


def verify(secret, timestamp, body, received, now=None, tolerance=TOLERANCE_SECONDS):
    """What a receiver does: a fresh timestamp, and the same signature (compared in constant
    time). Kept here so the tests check deliveries exactly as the README tells receivers to."""
    try:
        age = abs((now if now is not None else time.time()) - int(timestamp))
    except (TypeError, ValueError):
        return False
    if age > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), received or "")

"""Content-Security-Policy: public pages run no script at all; the admin runs only its own files.

The policy itself is in settings (CONTENT_SECURITY_POLICY). The admin's rich-text editor needs one
inline ``<script type="importmap">``: rather than allowing inline scripts, the admin's policy
lists the hash of exactly the import maps in each response. The admin also sets inline styles.
"""

import base64
import hashlib
import re

from csp.middleware import CSPMiddleware
from django.urls import reverse

IMPORT_MAP = re.compile(rb'<script type="importmap">(.*?)</script>', re.S)


def _sha256(content):
    return "'sha256-" + base64.b64encode(hashlib.sha256(content).digest()).decode() + "'"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        is_html = response.get("Content-Type", "").startswith("text/html")
        in_admin = request.path.startswith(reverse("admin:index"))
        if in_admin and is_html and not response.streaming and not report_only:
            maps = [_sha256(body) for body in IMPORT_MAP.findall(response.content)]
            parts.update = {
                **(parts.update or {}),
                "script-src": ["'self'", *maps],
                "style-src": ["'self'", "'unsafe-inline'"],
            }
        return parts

"""A small HTTP client for tests that talk to real server processes over loopback.

It keeps cookies by hand (the servers run with production settings, whose cookies are marked
Secure, and loopback here is plain HTTP), never follows redirects, and sends multipart forms.
"""

import re
import urllib.error
import urllib.request
import uuid
from http.cookies import SimpleCookie


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Browser:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None, headers=None, content_type=None):
        url = path if path.startswith("http") else self.base + path
        request = urllib.request.Request(url, data=data, headers=dict(headers or {}))
        if content_type:
            request.add_header("Content-Type", content_type)
        if self.cookies and url.startswith(self.base):
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            request.add_header("Cookie", cookie)
        try:
            with self.opener.open(request, timeout=30) as raw:
                response = Response(raw.status, raw.headers, raw.read())
        except urllib.error.HTTPError as error:
            response = Response(error.code, error.headers, error.read())
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path):
        return self.request(path)

    def csrf_from(self, path):
        page = self.get(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]

    def post(self, path, fields, files=None, csrf_page=None):
        fields = {"csrfmiddlewaretoken": self.csrf_from(csrf_page or path), **fields}
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content) in (files or {}).items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(
            path, data=body, content_type=f"multipart/form-data; boundary={boundary}"
        )

    def sign_in(self, username, password):
        response = self.post(
            "/admin/login/?next=/admin/", {"username": username, "password": password}
        )
        assert response.status == 302, response.text[:500]

"""The read API at /api/v1/: live commentaries, authors, series, topics and search as JSON.

Built on django-ninja (OpenAPI 3.1 from the type hints). Everything it shows comes through the
same public rules as the site's pages (``Article.objects.live()``, ``public_topics()`` and the
rules in ``public.py``), and every response goes through the site's ``public_page`` caching.
"""

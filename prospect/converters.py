"""URL converters. Slugs may be Unicode (Chinese titles), but only word characters and hyphens:
anything else — control characters included — is a 404 before any query runs."""

from django.urls import register_converter


class UnicodeSlugConverter:
    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

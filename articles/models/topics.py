"""Topics are taggit's Tag; their slugs follow the site's one slug rule (prospect.slugs).

taggit slugifies a new tag's name itself, which gives "" for a name such as "🔥", "!!!" or "—"
(and "_1" for the next one): an empty slug has no address, so every page linking the topic, and
the sitemap, failed. Tags are created by taggit's manager as well as the admin, so the rule is
applied where every path meets: just before a new tag is first saved.
"""

import re

from django.db.models.signals import pre_save
from django.dispatch import receiver
from taggit.models import Tag

from prospect.slugs import unique_slug

# What taggit makes of a name with nothing to slugify: "" and then "_1", "_2" …
UNUSABLE_SLUG = re.compile(r"(_\d+)?")


def topic_slug(tag):
    return unique_slug(tag, tag.name, fallback="topic")


def has_usable_slug(tag):
    return not UNUSABLE_SLUG.fullmatch(tag.slug or "")


@receiver(pre_save, sender=Tag, dispatch_uid="articles.topic_slug")
def give_new_topics_a_usable_slug(sender, instance, raw=False, **kwargs):
    if not raw and instance._state.adding and not has_usable_slug(instance):
        instance.slug = topic_slug(instance)

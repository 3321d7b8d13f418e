from django import template

from .. import dashboard

register = template.Library()


@register.simple_tag
def editorial_dashboard(user):
    return dashboard.panels(user)


@register.filter
def is_overdue(article):
    return dashboard.overdue(article)

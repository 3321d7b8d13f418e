from django import template

register = template.Library()


@register.filter
def bio_paragraph(bylines, frozen_only=False):
    """Every byline's bio sentence in one run of text, printed inside one parenthesis as the
    series prints it: “(A is …. B is ….)”, not one parenthesis per author."""
    lines = (b.bio_line if frozen_only else b.display_bio_line() for b in bylines)
    return " ".join(line.strip() for line in lines if line and line.strip())

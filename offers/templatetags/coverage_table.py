"""The gap × audience coverage matrix, turned for the page.

selectors.coverage_matrix() gives one row per gap. On /leerstellen/ the table has one
row per audience instead: the five gap names have spaces and wrap into narrow column
heads, while the audience names are long single words that cannot. So the table fits
a desktop screen without an inner scroll.
"""

from django import template

register = template.Library()


@register.filter
def per_audience(matrix, audiences):
    """[(audience, [(gap, count) for each gap])] from coverage_matrix()'s rows per gap."""
    return [
        (audience, [(gap, counts[index]) for gap, counts in matrix])
        for index, audience in enumerate(audiences)
    ]

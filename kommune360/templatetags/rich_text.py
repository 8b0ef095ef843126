"""`{{ text|markdown }}`: the team's Markdown as sanitised HTML (kommune360/rich_text.py)."""

from django import template

from kommune360.rich_text import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)

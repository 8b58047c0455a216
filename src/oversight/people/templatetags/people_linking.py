"""The link review's weights table in the user's language (`people.linking.labels`)."""

from django import template

from oversight.people.linking import labels

register = template.Library()


@register.filter
def comparison_words(name: str) -> str:
    return labels.column(name or "")


@register.filter
def level_words(label: str) -> str:
    return labels.level(label or "")

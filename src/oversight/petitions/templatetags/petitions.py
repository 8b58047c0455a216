from django import template

from oversight.petitions.views import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in user's unread notifications (for the navbar badge)."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(user)

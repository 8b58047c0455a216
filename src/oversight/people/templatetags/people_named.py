"""The persons a petition names, as the registry knows them, on the petition's page; and, for
the heads of its unit, a conflict of interest of its assignment (`people.named`)."""

from django import template

from oversight.accounts.roles import Role
from oversight.people import named

register = template.Library()


@register.inclusion_tag("people/_named.html", takes_context=True)
def named_people(context, petition):
    user = context["request"].user
    is_head = user.has_role(Role.HEAD) and user.unit_id is not None
    return {"named": named.named_in(petition, user),
            "conflicts": named.conflicts(petition) if is_head else []}

from django import template
from django.contrib.contenttypes.models import ContentType

from oversight.core.classification import SecurityClassification
from oversight.identity import access, keys, reveal
from oversight.identity.models import DisclosureRequest

register = template.Library()


@register.inclusion_tag("identity/_access_card.html", takes_context=True)
def access_card(context, record):
    request = context["request"]
    manage = access.may_manage(request.user, record)
    return {
        "record": record, "model": type(record)._meta.model_name, "manage": manage,
        "levels": SecurityClassification.choices, "grants": access.grants(record),
        "events": access.events(record)[:20],
        "candidates": access.candidates(record) if manage else [],
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("identity/_petitioners.html", takes_context=True)
def petitioners_cell(context, petition):
    request = context["request"]
    people, revealed = reveal.petitioners_for(request, petition, record_view=True)
    requests = []
    mine_pending = False
    is_custodian = petition.identity_protected and request.user in keys.custodians(
        petition.unit_id)
    if petition.identity_protected:
        requests = list(DisclosureRequest.objects.filter(
            content_type=ContentType.objects.get_for_model(type(petition)),
            object_id=petition.pk).select_related("requester", "decided_by"))
        mine_pending = any(r.requester_id == request.user.pk and r.status == "pending"
                           for r in requests)
        for r in requests:  # a refusal's reason is for its requester (and the custodians)
            r.show_note = bool(r.note) and (r.requester_id == request.user.pk or is_custodian)
    return {
        "petition": petition, "people": people, "revealed": revealed,
        "protected": petition.identity_protected, "requests": requests,
        "may_request": petition.identity_protected and not revealed and not mine_pending
        and not keys.has_wrap(petition.identity_envelope, request.user),
        "is_custodian": is_custodian,
        "csrf_token": context.get("csrf_token"), "next": request.get_full_path(),
    }

"""GET /reports/export/?unit=…|cluster=…|scope=national&period=…&format=xlsx|docx|pdf"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from oversight import audit
from oversight.audit.choices import Action as AuditAction
from oversight.core.rendering import ConversionError
from oversight.reports import documents
from oversight.reports.access import place_allowed
from oversight.reports.periods import CALENDARS, PeriodError, parse
from oversight.reports.places import PlaceError, resolve


@login_required
@require_GET
def export(request):
    params = request.GET
    fmt = params.get("format", "xlsx")
    if fmt not in documents.FORMATS:
        return HttpResponseBadRequest(_("Unknown format: use xlsx, docx or pdf."))
    calendar = params.get("calendar") or "calendar"
    try:
        if calendar not in CALENDARS:
            raise PeriodError(_("Unknown calendar."))
        period = parse(params.get("period", ""), calendar)
        place = resolve(unit=params.get("unit"), cluster=params.get("cluster"),
                        scope=params.get("scope"))
    except (PeriodError, PlaceError) as error:
        return HttpResponseBadRequest(str(error))
    if not place_allowed(request.user, place):
        return HttpResponseForbidden(_("You may report only on your own unit."))
    try:
        data = documents.render(fmt, place, period, user=request.user)
    except ConversionError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    audit.record(AuditAction.EXPORT, request=request, object_type_="reports.report",
                 object_id=place.code, detail={"format": fmt, "place": place.code,
                                               "period": period.code, "calendar": calendar})
    response = HttpResponse(data, content_type=documents.CONTENT_TYPES[fmt])
    filename = f"bao-cao-{place.code}-{period.code or 'ky'}.{fmt}".replace("..", "_")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""Web pages: the register of outgoing documents (page and XLSX), a document, issuing one from
its record's page, cancelling, downloading. Changes go through `actions`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from oversight import audit
from oversight.audit.choices import Action as AuditAction
from oversight.core import rendering
from oversight.core.errors import RuleError
from oversight.core.scoping import CHANGE, VIEW, can
from oversight.core.views import (
    ScopedDetailView,
    ScopedListView,
    require_change,
    units_for_filter,
)
from oversight.documents import actions, context, kinds, register, sealing
from oversight.documents.filtersets import DocumentFilterSet
from oversight.documents.forms import CancelForm, IssueForm
from oversight.documents.models import Document


def record_models() -> dict:
    """The models a document is issued on: the targets of `Document`'s record keys (committees'
    `Meeting` among them, an app above this one, which is why they are read, not imported)."""
    return {name: Document._meta.get_field(name).related_model
            for name in ("petition", "direction", "matter", "meeting")}


def get_record(user, record_type: str, pk: int):
    """The record if the user may see it (else 404)."""
    model = record_models().get(record_type)
    if model is None:
        raise Http404
    return get_object_or_404(model.objects.restrict(user, VIEW), pk=pk)


def offers(request, record) -> list[dict]:
    """The kinds of document the user may issue on this record now, each with its form, or
    the reason it cannot be issued yet (a protected petitioner's identity not disclosed)."""
    if not can(request.user, CHANGE, record):
        return []
    rtype = context.record_type(record)
    out = []
    for kind in kinds.for_record(rtype):
        try:
            actions.check_kind(record, kind.code)
        except RuleError:
            continue
        blocked = ""
        if rtype == "petition" and kind.to_petitioner:
            if record.anonymous:
                continue  # nobody to address it to
            if record.identity_protected and sealing.data_key(request, record) is None:
                blocked = _("Addressed to a protected petitioner: a custodian must disclose "
                            "the identity to you first.")
        out.append({"kind": kind, "form": IssueForm(kind=kind), "blocked": blocked})
    return out


def _record_url(record) -> str:
    return record.get_absolute_url()


@require_POST
@login_required
def issue(request, record_type, pk):
    record = get_record(request.user, record_type, pk)
    require_change(request.user, record)
    kind = kinds.get(request.POST.get("template", ""))
    if kind is None or record_type not in kind.records:
        raise Http404
    form = IssueForm(request.POST, kind=kind)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}"
                                    f": {' '.join(errors)}")
        return redirect(_record_url(record))
    identity = None
    if record_type == "petition" and kind.to_petitioner and record.identity_protected:
        identity = sealing.opened(request, record)
    replaces = None
    if request.POST.get("replaces", "").isdigit():
        replaces = Document.objects.restrict(request.user, CHANGE).filter(
            pk=int(request.POST["replaces"])).first()
    try:
        document = actions.issue(record, by=request.user, template=kind.code,
                                 values=form.values(), replaces=replaces, identity=identity,
                                 signer_name=form.cleaned_data["signer_name"],
                                 signer_position=form.cleaned_data["signer_position"])
    except RuleError as error:
        messages.error(request, error.message)
        return redirect(_record_url(record))
    messages.success(request, _("Issued: %(kind)s no. %(number)s.")
                     % {"kind": kind.label, "number": document.symbol})
    return redirect(document.get_absolute_url())


class DocumentListView(ScopedListView):
    """The register of outgoing documents (sổ đăng ký văn bản đi) of a unit and year."""

    model = Document
    filterset_class = DocumentFilterSet
    template_name = "documents/register.html"
    sort_fields = ("number", "issued_on", "kind", "status")
    default_sort = "number"
    paginate_by = 50

    def base_queryset(self):
        return Document.objects.select_related("unit", "issued_by")

    def get_queryset(self):
        self.unit_code, self.year = register.chosen(self.request)
        return super().get_queryset()

    def _filtered(self):
        """The register of the unit and year chosen, in the list's build: a kept plan holds
        it (filtered after the plan, the count and page were compiled on every request), and
        the units read to choose are among the reads the plan checks."""
        unit_code, year = register.chosen(self.request)
        return super()._filtered().filter(unit__code=unit_code, year=year)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["scope_units"] = units_for_filter(self.request.user)
        ctx["unit_code"], ctx["year"] = self.unit_code, self.year
        ctx["years"] = register.years(self.request.user, self.unit_code)
        ctx["totals"] = register.totals(self.object_list)
        return ctx


class DocumentDetailView(ScopedDetailView):
    model = Document
    template_name = "documents/document_detail.html"

    def base_queryset(self):
        return Document.objects.select_related("unit", "template", "issued_by", "replaces",
                                               "cancelled_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        doc = self.object
        record = doc.record
        ctx["record"] = record if record is not None and can(self.request.user, VIEW,
                                                             record) else None
        ctx["can_change"] = can(self.request.user, CHANGE, doc)
        ctx["cancel_form"] = CancelForm()
        ctx["replaced_by"] = doc.replaced_by.restrict(self.request.user, VIEW)
        ctx["can_open"] = not doc.sealed or sealing.data_key(self.request,
                                                             doc.petition) is not None
        return ctx


@require_POST
@login_required
def cancel(request, pk):
    document = get_object_or_404(Document.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, document)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            actions.cancel(document, by=request.user, reason=form.cleaned_data["reason"])
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The document is cancelled; its number stays in the "
                                        "register."))
    else:
        messages.error(request, _("Give the reason."))
    return redirect(document.get_absolute_url())


def file_response(request, document: Document, fmt: str) -> HttpResponse:
    """The document's PDF or DOCX, for a user who may see it (sealed: who holds the key)."""
    if fmt not in ("pdf", "docx"):
        raise Http404
    key = None
    if document.sealed:
        key = sealing.data_key(request, document.petition)
        if key is None:
            raise PermissionDenied(_("This document names a protected petitioner: only a "
                                     "custodian, or whom a custodian disclosed the identity "
                                     "to, can open it."))
    try:
        data = actions.make_pdf(document, key) if fmt == "pdf" else actions.docx_bytes(
            document, key)
    except rendering.ConversionError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    audit.record(AuditAction.DOWNLOAD, document, request=request,
                 detail={"document": document.symbol, "format": fmt})
    response = HttpResponse(data, content_type=rendering.CONTENT_TYPES[fmt])
    name = f"{document.symbol.replace('/', '-')}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def download(request, pk):
    document = get_object_or_404(Document.objects.restrict(request.user, VIEW), pk=pk)
    return file_response(request, document, request.GET.get("type", "pdf"))


@require_GET
@login_required
def register_xlsx(request):
    unit_code, year = register.chosen(request)
    rows = (Document.objects.restrict(request.user, VIEW)
            .filter(unit__code=unit_code, year=year).select_related("unit")
            .order_by("series", "number"))
    data = register.xlsx(rows, unit_code, year)
    audit.record(AuditAction.EXPORT, request=request, object_type_="documents.register",
                 object_id=unit_code, detail={"unit": unit_code, "year": year})
    response = HttpResponse(data, content_type=rendering.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = (f'attachment; filename="so-van-ban-di-{unit_code}-'
                                       f'{year}.xlsx"')
    return response


def record_panel(request, record) -> dict:
    """What the "Documents" card on a record's page shows."""
    rtype = context.record_type(record)
    issued = (Document.objects.restrict(request.user, VIEW).filter(**{rtype: record})
              .order_by("-issued_on", "-id"))
    return {"documents": issued, "offers": offers(request, record),
            "record_type": rtype, "record": record}


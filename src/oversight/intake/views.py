"""The intake desk: upload scans and email messages, follow their reading, confirm each draft
as a petition. Changes go through `actions` (and `mail` for messages)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oversight.core.errors import RuleError
from oversight.core.scoping import VIEW
from oversight.core.views import ScopedListView, apply_rule_error, require_change
from oversight.intake import actions, mail
from oversight.intake.choices import OPEN_STATUSES, DraftStatus
from oversight.intake.filtersets import DraftFilterSet
from oversight.intake.forms import ConfirmForm, MessageForm, ScanForm
from oversight.intake.models import Draft
from oversight.petitions import duplicates
from oversight.petitions.models import Petition


class DeskView(ScopedListView):
    """The drafts of the user's scope, newest first, with the upload forms."""

    model = Draft
    filterset_class = DraftFilterSet
    template_name = "intake/desk.html"
    htmx_template_name = "intake/_draft_table.html"
    sort_fields = ("created_at", "status", "confidence", "title", "id")
    default_sort = "-created_at"

    def base_queryset(self):
        qs = Draft.objects.select_related("unit", "petition").prefetch_related("pages")
        if not self.request.GET.get("status"):
            qs = qs.filter(status__in=OPEN_STATUSES)
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("scan_form", ScanForm())
        ctx.setdefault("message_form", MessageForm())
        return ctx


@login_required
@require_POST
def upload_scans(request):
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        created, refused = [], []
        for upload in form.cleaned_data["files"]:
            try:
                created += actions.receive_scan(by=request.user, unit=request.user.unit,
                                                upload=upload, split=form.cleaned_data["split"])
            except RuleError as error:
                refused.append(f"{upload.name}: {error.message}")
        if created:
            messages.success(request, _("%(n)s draft(s) queued for reading.") % {
                "n": len(created)})
        for line in refused:
            messages.error(request, line)
        if created and len(created) == 1 and not refused:
            return redirect("intake-draft", created[0].pk)
        if created:
            return redirect("intake-desk")
        form.add_error("files", " ".join(refused))
    view = DeskView.as_view(extra_context={"scan_form": form})
    request.method = "GET"
    return view(request)


@login_required
@require_POST
def upload_message(request):
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["message"]
        try:
            draft, created = mail.import_message(upload.read(), by=request.user,
                                                 unit=request.user.unit, name=upload.name)
        except RuleError as error:
            form.add_error("message", str(error.message))
        else:
            if created:
                messages.success(request, _("The message is queued for reading."))
            else:
                messages.info(request, _("This message was imported before: here is its "
                                         "draft."))
            return redirect("intake-draft", draft.pk)
    view = DeskView.as_view(extra_context={"message_form": form})
    request.method = "GET"
    return view(request)


def _draft_context(request, draft, form=None) -> dict:
    candidates = []
    if draft.status == DraftStatus.READY and draft.text.strip():
        sender = (draft.proposed or {}).get("sender") or {}
        candidates = duplicates.candidates(
            Petition.objects.restrict(request.user, VIEW).select_related("unit"),
            petitioners=[{"name": sender.get("name", ""),
                          "id_number": sender.get("id_number", "")}],
            content=draft.text, subject=(draft.proposed or {}).get("subject", ""))
    return {"draft": draft, "object": draft,
            "form": form or ConfirmForm(initial=ConfirmForm.initial_for(draft)),
            "pages": draft.pages.select_related("file"),
            "files": draft.files.all(), "candidates": candidates,
            "reading": draft.status in (DraftStatus.QUEUED, DraftStatus.READING)}


@login_required
def draft_detail(request, pk):
    draft = get_object_or_404(Draft.objects.restrict(request.user, VIEW)
                              .select_related("unit", "petition", "job"), pk=pk)
    if request.headers.get("HX-Request") and request.GET.get("status"):
        context = _draft_context(request, draft)
        response = render(request, "intake/_draft_status.html", context)
        if not context["reading"]:
            response["HX-Refresh"] = "true"  # read: the whole page, with the form
        return response
    return render(request, "intake/draft_detail.html", _draft_context(request, draft))


@login_required
@require_POST
def draft_register(request, pk):
    draft = get_object_or_404(Draft.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, draft)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            petition = actions.register(draft, by=request.user, **form.action_values())
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("The petition is registered."))
            return redirect("petition-detail", petition.pk)
    return render(request, "intake/draft_detail.html", _draft_context(request, draft, form),
                  status=400)


@login_required
@require_POST
def draft_discard(request, pk):
    draft = get_object_or_404(Draft.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, draft)
    try:
        actions.discard(draft, by=request.user)
    except RuleError as error:
        messages.error(request, str(error.message))
        return redirect("intake-draft", draft.pk)
    messages.success(request, _("The draft is discarded."))
    return redirect("intake-desk")


@login_required
@require_POST
def draft_reread(request, pk):
    draft = get_object_or_404(Draft.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, draft)
    try:
        actions.reread(draft, by=request.user)
    except RuleError as error:
        messages.error(request, str(error.message))
    return redirect("intake-draft", draft.pk)

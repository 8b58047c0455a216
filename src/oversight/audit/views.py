"""The audit log page for administrators: search by user, action, object type and date."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from oversight.audit import sentences
from oversight.audit.filtersets import AuditEntryFilterSet
from oversight.audit.models import AuditEntry
from oversight.audit.permissions import require_auditor


@login_required
def audit_log(request):
    require_auditor(request.user)
    filterset = AuditEntryFilterSet(request.GET or None, queryset=AuditEntry.objects.all())
    qs = filterset.qs if filterset.is_bound else AuditEntry.objects.all()
    page = Paginator(filterset.newest_first(qs), 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {
        "filter": filterset, "page_obj": page, "paginator": page.paginator,
        # each entry's changes in words (audit.sentences, which redacts what the reader may
        # not see); the views of protected records stay in this log
        "rows": sentences.lines(page.object_list, request.user, reads=True),
        "object_types": AuditEntry.objects.object_types(),
    })

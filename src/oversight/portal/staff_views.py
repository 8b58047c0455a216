"""The staff side of the portal: the conversation on a petition's page and the review of
reports held during a flood. Whoever may see the petition sees its conversation; whoever may
change it may write to the submitter."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from oversight.core.errors import RuleError
from oversight.core.scoping import CHANGE, VIEW, can
from oversight.core.views import ScopedListView, require_change
from oversight.petitions.models import Petition
from oversight.portal import actions, lookup
from oversight.portal.choices import Sender, SubmissionState
from oversight.portal.models import Submission


class OfficerMessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Message to the submitter"), max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control form-control-sm"}),
        help_text=gettext_lazy("The submitter reads it with the receipt code. Write nothing "
                               "that names other informants or internal sources."))


class ReviewForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))


def conversation_context(request, petition, form=None) -> dict:
    """What the petition page shows of the portal (empty dict for other channels)."""
    submission = lookup.submission_for(petition)
    if submission is None:
        return {}
    return {"portal_submission": submission,
            "portal_messages": submission.messages.select_related("author"),
            "portal_form": form or OfficerMessageForm(),
            "portal_can_write": can(request.user, CHANGE, petition)}


@require_POST
@login_required
def post_message(request, pk):
    petition = get_object_or_404(Petition.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, petition)
    submission = lookup.submission_for(petition)
    if submission is None:
        messages.error(request, _("This petition did not come through the public portal."))
        return redirect("petition-detail", petition.pk)
    form = OfficerMessageForm(request.POST)
    if form.is_valid():
        try:
            actions.post_message(submission, body=form.cleaned_data["body"],
                                  sender=Sender.OFFICER, author=request.user)
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Message sent to the submitter."))
    else:
        messages.error(request, " ".join(form.errors.get("body", [])) or _("Write a message."))
    return redirect(f"/petitions/{petition.pk}/#portal-conversation")


class HeldListView(ScopedListView):
    """Reports held for review during a flood, oldest first."""

    model = Submission
    template_name = "portal/staff/held_list.html"
    default_sort = "submitted_at"
    sort_fields = ("submitted_at",)

    def base_queryset(self):
        return Submission.objects.filter(state=SubmissionState.HELD).select_related("unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["review_form"] = ReviewForm()
        return ctx


@require_POST
@login_required
def review(request, pk, decision):
    submission = get_object_or_404(Submission.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, submission)
    form = ReviewForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if decision == "release":
            petition = actions.release(submission, by=request.user, note=note)
            messages.success(request, _("Registered as petition #%(pk)s.") % {"pk": petition.pk})
            return redirect("petition-detail", petition.pk)
        if decision == "discard":
            actions.discard(submission, by=request.user, note=note)
            messages.success(request, _("Discarded."))
        else:
            messages.error(request, _("Unknown decision."))
    except RuleError as error:
        messages.error(request, error.message)
    return redirect("portal-held")

"""Web pages of the people registry, the review queue, link runs and personnel appraisal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from oversight.core import rendering, stamps
from oversight.core.classification import SecurityClassification
from oversight.core.errors import RuleError
from oversight.core.scoping import VIEW, hidden_count
from oversight.core.views import ScopedDetailView, ScopedListView, apply_rule_error, require_change
from oversight.people import actions, dossier
from oversight.people.choices import LinkStatus
from oversight.people.filtersets import AppraisalFilterSet, OrganisationFilterSet, PersonFilterSet
from oversight.people.forms import AppraisalForm, DecisionForm, OpinionForm
from oversight.people.models import (
    Appraisal,
    LinkCandidate,
    LinkRun,
    Mention,
    Organisation,
    Person,
)


class PersonListView(ScopedListView):
    model = Person
    filterset_class = PersonFilterSet
    template_name = "people/person_list.html"
    sort_fields = ("name_key", "birth_year", "id")
    default_sort = "name_key"
    list_name = "people"
    export_columns = (
        (gettext_lazy("No."), lambda p: p.pk),
        (gettext_lazy("Name"), lambda p: p.full_name),
        (gettext_lazy("Born"), lambda p: p.birth_display),
        (gettext_lazy("CCCD"), lambda p: p.cccd),
        (gettext_lazy("CMND"), lambda p: p.cmnd),
        (gettext_lazy("Mentions"), lambda p: p.mention_total),
    )

    def base_queryset(self):
        return Person.objects.annotate(mention_total=Count("mentions"))


class PersonDetailView(ScopedDetailView):
    model = Person
    template_name = "people/person_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person = self.object
        all_mentions = Mention.objects.filter(person=person)
        visible = all_mentions.restrict(self.request.user, VIEW).select_related(
            "unit", "petition", "defendant__matter", "reception", "appraisal")
        ctx["mentions"] = visible
        ctx["hidden_mentions"] = hidden_count(self.request.user, all_mentions)
        ctx["relatives"] = dossier.relatives_of(person)
        ctx["org_roles"] = person.org_roles.select_related("organisation")
        ctx["positions"] = person.positions.all()
        ctx["appraisals"] = person.appraisals.restrict(self.request.user)
        return ctx


class DossierView(ScopedDetailView):
    model = Person
    template_name = "people/dossier.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["dossier"] = dossier.build(self.object, self.request.user)
        return ctx


@login_required
def dossier_pdf(request, pk):
    person = get_object_or_404(Person.objects.restrict(request.user, VIEW), pk=pk)
    html = render_to_string("people/dossier_print.html",
                            {"dossier": dossier.build(person, request.user), "person": person},
                            request=request)
    try:
        # Personnel vetting material: printed as confidential (Mật), whatever it shows.
        issuer = request.user.unit.name if request.user.unit_id else ""
        data = rendering.to_pdf(html.encode("utf-8"), ".html",
                      stamp=stamps.stamp(issuer, SecurityClassification.CONFIDENTIAL))
    except rendering.ConversionError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ho-so-{person.pk}.pdf"'
    return response


class OrganisationListView(ScopedListView):
    model = Organisation
    filterset_class = OrganisationFilterSet
    template_name = "people/organisation_list.html"
    sort_fields = ("name_key", "tax_code", "id")
    default_sort = "name_key"
    list_name = "organisations"
    export_columns = (
        (gettext_lazy("No."), lambda o: o.pk),
        (gettext_lazy("Name"), lambda o: o.name),
        (gettext_lazy("Tax code"), lambda o: o.tax_code),
        (gettext_lazy("Address"), lambda o: o.address),
        (gettext_lazy("People in roles"), lambda o: o.role_total),
    )

    def base_queryset(self):
        return Organisation.objects.annotate(role_total=Count("roles"))


class OrganisationDetailView(ScopedDetailView):
    model = Organisation
    template_name = "people/organisation_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["roles"] = self.object.roles.select_related("person")
        matters = self.object.matters.all()
        ctx["matters"] = matters.restrict(self.request.user)
        ctx["hidden_matters"] = hidden_count(self.request.user, matters)
        return ctx


class ReviewListView(ScopedListView):
    model = LinkCandidate
    template_name = "people/review_list.html"
    sort_fields = ("match_probability", "created_at", "id")
    default_sort = "-match_probability"

    def base_queryset(self):
        status = self.request.GET.get("status") or LinkStatus.PENDING
        return LinkCandidate.objects.filter(status=status).select_related(
            "left__unit", "right__unit", "left__person", "right__person")


class ReviewDetailView(ScopedDetailView):
    model = LinkCandidate
    template_name = "people/review_detail.html"

    def base_queryset(self):
        return LinkCandidate.objects.select_related("left__unit", "right__unit", "left__person",
                                                    "right__person")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c = self.object
        ctx["fields"] = [(_("name"), c.left.name, c.right.name),
                         (_("date of birth"), c.left.birth, c.right.birth),
                         (_("identity number"), c.left.id_number, c.right.id_number),
                         (_("phone"), c.left.phone, c.right.phone),
                         (_("address"), c.left.address, c.right.address),
                         (_("position"), c.left.position, c.right.position),
                         (_("role"), c.left.get_role_display(), c.right.get_role_display()),
                         (_("unit"), c.left.unit.place, c.right.unit.place)]
        ctx["form"] = DecisionForm()
        ctx["decisions"] = c.decisions.select_related("by")
        return ctx


@require_POST
@login_required
def review_decide(request, pk):
    candidate = get_object_or_404(LinkCandidate.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, candidate)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.decide(candidate, accepted=form.cleaned_data["decision"] == "accept",
                           by=request.user, note=form.cleaned_data["note"])
        except RuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Decision recorded."))
            following = (LinkCandidate.objects.restrict(request.user, VIEW)
                         .filter(status=LinkStatus.PENDING).order_by("-match_probability")
                         .first())
            if following:
                return redirect("link-review-detail", following.pk)
            return redirect("link-review-list")
    return redirect("link-review-detail", candidate.pk)


@login_required
def run_list(request):
    runs = LinkRun.objects.select_related("job__created_by")[:20]
    return render(request, "people/run_list.html", {"runs": runs})


@login_required
def run_progress(request, pk):
    run = get_object_or_404(LinkRun.objects.select_related("job__created_by"), pk=pk)
    return render(request, "people/_run_progress.html", {"run": run})


@require_POST
@login_required
def run_start(request):
    if not actions.may_relink(request.user):
        messages.error(request, _("Only a head of unit or an administrator may re-link."))
        return redirect("link-run-list")
    actions.start_relink(by=request.user)
    messages.success(request, _("The re-link is queued; progress shows below."))
    return redirect("link-run-list")


class AppraisalListView(ScopedListView):
    model = Appraisal
    filterset_class = AppraisalFilterSet
    template_name = "people/appraisal_list.html"
    sort_fields = ("due_on", "received_on", "id")
    default_sort = "due_on"
    list_name = "appraisals"
    export_columns = (
        (gettext_lazy("No."), lambda a: a.pk),
        (gettext_lazy("Requested by"), lambda a: a.requesting_body),
        (gettext_lazy("Reference"), lambda a: a.reference),
        (gettext_lazy("Purpose"), lambda a: a.get_purpose_display()),
        (gettext_lazy("Unit"), lambda a: a.unit.place),
        (gettext_lazy("Due on"), lambda a: a.due_on),
        (gettext_lazy("Status"), lambda a: a.get_status_display()),
        (gettext_lazy("Nominees"), lambda a: a.nominee_total),
    )

    def base_queryset(self):
        return Appraisal.objects.select_related("unit").annotate(nominee_total=Count("nominees"))


class AppraisalDetailView(ScopedDetailView):
    model = Appraisal
    template_name = "people/appraisal_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["nominees"] = [(p, dossier.build(p, self.request.user))
                           for p in self.object.nominees.all()]
        ctx["opinion_form"] = OpinionForm(initial={"opinion": self.object.opinion})
        return ctx


@login_required
def appraisal_create(request):
    form = AppraisalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if request.user.unit is None:
                raise RuleError(_("Your account has no unit."))
            data = {k: v for k, v in form.cleaned_data.items() if k != "nominees"}
            appraisal = actions.create_appraisal(by=request.user, unit=request.user.unit,
                                                 nominees=form.cleaned_data["nominees"], **data)
        except RuleError as error:
            apply_rule_error(form, error)
        else:
            messages.success(request, _("Appraisal registered."))
            return redirect("appraisal-detail", appraisal.pk)
    return render(request, "people/appraisal_form.html", {"form": form})


@require_POST
@login_required
def appraisal_opinion(request, pk):
    appraisal = get_object_or_404(Appraisal.objects.restrict(request.user, VIEW), pk=pk)
    require_change(request.user, appraisal)
    form = OpinionForm(request.POST)
    if form.is_valid():
        actions.give_opinion(appraisal, by=request.user, opinion=form.cleaned_data["opinion"])
        messages.success(request, _("Opinion recorded."))
    else:
        messages.error(request, _("Write the unit's opinion."))
    return redirect("appraisal-detail", appraisal.pk)

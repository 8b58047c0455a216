from django import forms
from django.utils.translation import gettext_lazy as _

from oversight.committees.choices import FollowUp, Severity
from oversight.committees.models import (
    CommitteeDocument,
    Inspection,
    Meeting,
    Project,
)
from oversight.core.scoping import CHANGE
from oversight.matters.forms import DATE, UnitChoiceField, units_user_may_change
from oversight.matters.models import Matter
from oversight.petitions.models import Hotspot, Petition
from oversight.reports.indicators import CATALOGUE, RATIO
from oversight.units.choices import UnitKind
from oversight.units.models import Cluster, Unit


class _UnitForm(forms.ModelForm):
    """A form whose `unit` is limited to the units the user may record for."""

    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Unit"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_user_may_change(user).filter(
            kind__in=[UnitKind.PROVINCIAL_COMMITTEE, UnitKind.CENTRAL_COMMISSION])
        if user.unit_id and not self.instance.pk:
            self.fields["unit"].initial = user.unit_id


class MeetingForm(_UnitForm):
    class Meta:
        model = Meeting
        fields = ["unit", "body", "kind", "title", "held_on", "chair", "place", "attendees"]
        widgets = {"held_on": DATE, "attendees": forms.Textarea(attrs={"rows": 3})}


class _Records(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)[:100]


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    matters = _Records(queryset=Matter.objects.none(), required=False, label=_("Matters"),
                       widget=forms.SelectMultiple(attrs={"size": 4}))
    petitions = _Records(queryset=Petition.objects.none(), required=False,
                         label=_("Petitions"), widget=forms.SelectMultiple(attrs={"size": 4}))
    hotspots = _Records(queryset=Hotspot.objects.none(), required=False, label=_("Hot spots"),
                        widget=forms.SelectMultiple(attrs={"size": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only records the user may change can be linked.
        self.fields["matters"].queryset = Matter.objects.restrict(user, CHANGE).order_by(
            "title")
        self.fields["petitions"].queryset = Petition.objects.restrict(user, CHANGE).order_by(
            "-received_on")
        self.fields["hotspots"].queryset = Hotspot.objects.restrict(user, CHANGE).order_by(
            "name")


def limit_addressees(form, issuer) -> None:
    """Offer only the units the meeting's unit may address (the action checks the same)."""
    if issuer is not None:
        form.fields["addressee"].queryset = Unit.objects.addressable_by(issuer).order_by(
            "kind", "code")


class ConclusionForm(forms.Form):
    text = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}))
    addressee = UnitChoiceField(queryset=Unit.objects.order_by("kind", "code"), required=False,
                                label=_("Direction to"))
    direction_text = forms.CharField(label=_("Direction"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}),
                                     help_text=_("Leave empty to use the conclusion's text."))
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)

    def __init__(self, *args, issuer=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_addressees(self, issuer)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("addressee") and not cleaned.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", _("Give the deadline of the direction."))
        if cleaned.get("due_on") and not cleaned.get("addressee"):
            self.add_error("addressee", _("Name the addressee of the direction."))
        return cleaned


class DirectionForm(forms.Form):
    addressee = UnitChoiceField(queryset=Unit.objects.order_by("kind", "code"),
                                label=_("Addressee"))
    text = forms.CharField(label=_("Direction"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Due on"), widget=DATE)

    def __init__(self, *args, issuer=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_addressees(self, issuer)


class InspectionForm(_UnitForm):
    subjects = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.order_by("kind", "code"), required=False,
        label=_("Units inspected"), widget=forms.SelectMultiple(attrs={"size": 6}))

    class Meta:
        model = Inspection
        fields = ["unit", "kind", "topic", "subjects", "subjects_text", "members",
                  "period_start", "period_end", "status", "concluded_on"]
        widgets = {"period_start": DATE, "period_end": DATE, "concluded_on": DATE,
                   "members": forms.Textarea(attrs={"rows": 3}),
                   "subjects_text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].label_from_instance = lambda u: u.name


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 2}))
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    finding = forms.ModelChoiceField(queryset=None, required=False, label=_("Finding"))

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = inspection.findings.all()
        self.fields["finding"].label_from_instance = lambda f: f.text[:80]


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[
        (FollowUp.OPEN, FollowUp.OPEN.label), (FollowUp.DONE, FollowUp.DONE.label)])
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE)
    notes = forms.CharField(label=_("Follow-up notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))


class OpenMatterForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    monitored_from = forms.DateField(label=_("Under monitoring since"), required=False,
                                     widget=DATE)


class OpenPetitionForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DATE)


class TargetForm(forms.Form):
    cluster = forms.ModelChoiceField(queryset=Cluster.objects.order_by("code"),
                                     label=_("Cluster"))
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Unit"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    indicator = forms.ChoiceField(label=_("Indicator"))
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, user, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_user_may_change(user).filter(
            kind=UnitKind.PROVINCIAL_COMMITTEE)
        if user.unit_id:
            self.fields["unit"].initial = user.unit_id
        self.fields["cluster"].label_from_instance = lambda c: c.name
        self.fields["indicator"].choices = [(code, ind.label) for code, ind in CATALOGUE.items()
                                            if ind.measure != RATIO]


class DocumentForm(_UnitForm):
    class Meta:
        model = CommitteeDocument
        fields = ["unit", "kind", "number", "title", "issued_on", "status"]
        widgets = {"issued_on": DATE}


class ProjectForm(_UnitForm):
    class Meta:
        model = Project
        fields = ["unit", "kind", "title", "status", "submitted_on", "approved_on"]
        widgets = {"submitted_on": DATE, "approved_on": DATE}

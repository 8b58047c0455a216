from django import forms
from django.utils.translation import gettext_lazy as _

from oversight.accounts.models import User
from oversight.core.classification import may_classify
from oversight.core.pickers import units_taking
from oversight.core.scoping import CHANGE
from oversight.matters.forms import DATE, UnitChoiceField, units_user_may_change
from oversight.petitions.choices import Complexity, Outcome, PetitionKind, checklist_for
from oversight.petitions.models import Hotspot, Petition, Reception
from oversight.units.models import Unit

PEOPLE_HELP = _("One per line, fields separated by “;”.")


def parse_lines(text: str, keys: tuple[str, ...]) -> list[dict]:
    rows = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split(";")]
        if any(parts):
            rows.append({k: (parts[i] if i < len(parts) else "") for i, k in enumerate(keys)})
    return rows


def format_lines(rows: list[dict], keys: tuple[str, ...]) -> str:
    return "\n".join("; ".join(r.get(k, "") for k in keys) for r in rows or ())


class PetitionForm(forms.ModelForm):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Receiving unit"))
    petitioner_name = forms.CharField(label=_("Petitioner's full name"), required=False,
                                      max_length=200)
    # Wide enough for a 12-digit CCCD with spaces or a passport number, and for a phone
    # written "+84 (0)912 345 678 / 0238 3844 123": the browser must never cut what is typed.
    petitioner_id_number = forms.CharField(
        label=_("ID number"), required=False, max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off",
                                      "spellcheck": "false", "size": 20}))
    petitioner_address = forms.CharField(label=_("Address"), required=False, max_length=300)
    petitioner_phone = forms.CharField(
        label=_("Phone"), required=False, max_length=64,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off",
                                      "size": 20}))
    other_petitioners = forms.CharField(
        label=_("Other petitioners (name; ID number; address; phone)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=PEOPLE_HELP,
    )
    respondents_text = forms.CharField(
        label=_("Persons or organisations concerned (name; position; unit)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}), help_text=PEOPLE_HELP,
    )
    hotspot = forms.ModelChoiceField(queryset=Hotspot.objects.none(), required=False,
                                     label=_("Hot spot"))
    reception = forms.ModelChoiceField(queryset=Reception.objects.none(), required=False,
                                       label=_("Registered at reception"))

    class Meta:
        model = Petition
        fields = ["unit", "received_on", "channel", "kind", "subject", "content", "anonymous",
                  "protection_requested", "security_classification", "complexity",
                  "complaint_round", "remote_area", "multi_location", "signatory_count",
                  "hotspot", "reception"]
        widgets = {"received_on": DATE, "content": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_user_may_change(user)
        if user.unit_id:
            self.fields["unit"].initial = user.unit_id
        self.fields["hotspot"].queryset = Hotspot.objects.restrict(user, CHANGE)
        self.fields["reception"].queryset = Reception.objects.restrict(user, CHANGE)
        if not may_classify(user):  # heads and custodians classify (see SECURITY.md)
            del self.fields["security_classification"]

    def clean(self):
        data = super().clean()
        if not data.get("anonymous") and not data.get("petitioner_name"):
            self.add_error("petitioner_name",
                           _("Name the petitioner, or mark the petition anonymous."))
        return data

    def action_values(self) -> dict:
        data = dict(self.cleaned_data)
        petitioners = []
        if data.get("petitioner_name"):
            petitioners.append({
                "name": data["petitioner_name"], "id_number": data["petitioner_id_number"],
                "address": data["petitioner_address"], "phone": data["petitioner_phone"],
            })
        petitioners += parse_lines(data.pop("other_petitioners", ""),
                                   ("name", "id_number", "address", "phone"))
        for key in ("petitioner_name", "petitioner_id_number", "petitioner_address",
                    "petitioner_phone"):
            data.pop(key, None)
        data["petitioners"] = petitioners
        data["respondents"] = parse_lines(data.pop("respondents_text", ""),
                                          ("name", "position", "unit"))
        return data


class ClassifyForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    repeat_of_settled = forms.BooleanField(
        label=_("Repeats a complaint settled by a final decision or a concluded denunciation"),
        required=False)
    new_evidence = forms.BooleanField(label=_("Brings new evidence"), required=False)
    verify_as_information = forms.BooleanField(
        label=_("Anonymous, but names the wrongdoer with concrete, checkable evidence "
                "(verify as information)"), required=False)
    reason = forms.CharField(label=_("Why it does not qualify"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    # A first complaint's filing window (Law on Complaints 2011, art. 9)
    decision_known_on = forms.DateField(
        label=_("Complainant learned of the decision on"), widget=DATE, required=False,
        help_text=_("A first complaint is filed within 90 days of this day (Law on Complaints "
                    "2011, art. 9)."))
    late_filing_reason = forms.CharField(
        label=_("Reason for filing late"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when filed after the window: illness, natural disaster, travel or "
                    "study far away, another objective obstacle."))
    late_filing_accepted = forms.NullBooleanField(
        label=_("Reason for filing late accepted"), required=False,
        widget=forms.NullBooleanSelect)

    FILING_FIELDS = ("decision_known_on", "late_filing_reason", "late_filing_accepted")

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.checks = checklist_for(petition.kind)
        for key, label in self.checks.items():
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)
        self.filing = petition.kind == PetitionKind.COMPLAINT and petition.complaint_round == 1
        if self.filing:
            self.initial.setdefault("decision_known_on", petition.decision_known_on)
            self.initial.setdefault("late_filing_reason", petition.late_filing_reason)
            self.initial.setdefault("late_filing_accepted", petition.late_filing_accepted)
        else:
            for name in self.FILING_FIELDS:
                del self.fields[name]

    def filing_fields(self):
        return [self[name] for name in self.FILING_FIELDS if name in self.fields]

    def check_fields(self):
        return [self[f"check_{key}"] for key in self.checks]

    def action_values(self) -> dict:
        data = dict(self.cleaned_data)
        data["checklist"] = {k: data.pop(f"check_{k}") for k in self.checks}
        return data


class AcceptForm(forms.Form):
    on = forms.DateField(label=_("Accepted on"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)


class UrgeForm(forms.Form):
    reason = forms.CharField(label=_("Note"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)


class FileForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False


class TransferForm(forms.Form):
    to_unit = UnitChoiceField(queryset=Unit.objects.order_by("kind", "code"),
                              label=_("Transfer to"))
    reason = forms.CharField(label=_("Reason"), required=False)
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)


class GuideForm(forms.Form):
    guided_to = forms.CharField(label=_("Guided to (competent body)"), max_length=300)
    reason = forms.CharField(label=_("Note"), required=False)
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)


class SettleForm(forms.Form):
    # A termination has its own form, with its reason.
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        c for c in Outcome.choices if c[0] != Outcome.TERMINATED])
    on = forms.DateField(label=_("Settled on"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), required=False)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1)
    reason = forms.CharField(label=_("Reason"))
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("E.g. waiting for another body's result or for an "
                                         "expert assessment."))
    basis = forms.CharField(label=_("Legal basis"), required=False, max_length=300,
                            help_text=_("Empty: the basis in the time-limit rule."))
    on = forms.DateField(label=_("Suspended on"), widget=DATE, required=False)


class ResumeForm(forms.Form):
    on = forms.DateField(label=_("Resumed on"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), required=False)


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("E.g. the denunciation was withdrawn, the person "
                                         "denounced died, another competent body took it up."))
    basis = forms.CharField(label=_("Legal basis"), required=False, max_length=300)
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)


class CorrectFactsForm(forms.Form):
    """The facts that select the time limits, as recorded now; the action recomputes the
    deadlines from what is submitted (`actions.correct_facts`)."""

    complexity = forms.ChoiceField(label=_("Complexity"), choices=Complexity.choices)
    remote_area = forms.BooleanField(label=_("Remote area"), required=False)
    multi_location = forms.BooleanField(label=_("Several locations"), required=False)
    complaint_round = forms.TypedChoiceField(
        label=_("Complaint round"), coerce=int,
        choices=[(1, _("First complaint")), (2, _("Second complaint"))])
    reason = forms.CharField(label=_("Why the record is corrected"),
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, petition, **kwargs):
        kwargs.setdefault("initial", {name: getattr(petition, name) for name in (
            "complexity", "remote_area", "multi_location", "complaint_round")})
        super().__init__(*args, **kwargs)
        if petition.kind != PetitionKind.COMPLAINT:
            del self.fields["complaint_round"]


class LinkDuplicateForm(forms.Form):
    original = forms.IntegerField(label=_("Original petition number"), min_value=1)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Assignee"),
                                      required=False)

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)

        field = self.fields["assignee"]
        field.queryset = User.objects.filter(is_active=True,
                                             unit_id__in=units_taking(petition.unit_id)
                                             ).order_by("display_name", "first_name", "username")
        field.label_from_instance = str  # the full name, never the username


class HotspotLinkForm(forms.Form):
    hotspot = forms.ModelChoiceField(queryset=Hotspot.objects.none(), required=False,
                                     label=_("Hot spot"))

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hotspot"].queryset = Hotspot.objects.filter(unit_id=petition.unit_id)


class DestructionForm(forms.Form):
    decision = forms.CharField(label=_("Destruction decision (number and date)"),
                               max_length=300)
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)


class ReceptionForm(forms.ModelForm):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Unit"))
    hotspot = forms.ModelChoiceField(queryset=Hotspot.objects.none(), required=False,
                                     label=_("Hot spot"))

    class Meta:
        model = Reception
        fields = ["unit", "held_on", "host", "host_role", "kind", "dialogue", "citizens",
                  "citizen_count", "group_size", "outcome", "hotspot"]
        widgets = {"held_on": DATE, "citizens": forms.Textarea(attrs={"rows": 3}),
                   "outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_user_may_change(user)
        if user.unit_id:
            self.fields["unit"].initial = user.unit_id
        self.fields["hotspot"].queryset = Hotspot.objects.restrict(user, CHANGE)


class HotspotStatusForm(forms.ModelForm):
    class Meta:
        model = Hotspot
        fields = ["status", "resolved_on"]
        widgets = {"resolved_on": DATE}


class HotspotForm(forms.ModelForm):
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Unit"))

    class Meta:
        model = Hotspot
        fields = ["unit", "name", "location", "started_on", "status", "resolved_on",
                  "description"]
        widgets = {"started_on": DATE, "resolved_on": DATE,
                   "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_user_may_change(user)
        if user.unit_id:
            self.fields["unit"].initial = user.unit_id

from django import forms
from django.utils.translation import gettext_lazy as _

from oversight.core.classification import may_classify
from oversight.core.scoping import CHANGE, unit_ids_in_scope
from oversight.matters import stages
from oversight.matters.choices import Stage
from oversight.matters.models import Defendant, Direction, Matter, MonitoringCriterion
from oversight.units.models import Unit
from oversight.units.pickers import UnitChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def units_user_may_change(user):
    ids = unit_ids_in_scope(user, CHANGE)
    qs = Unit.objects.order_by("kind", "code")
    return qs if ids is None else qs.filter(pk__in=ids)


class MatterForm(forms.ModelForm):
    responsible_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("Responsible unit"))
    criteria = forms.ModelMultipleChoiceField(
        queryset=MonitoringCriterion.objects.filter(active=True), required=False,
        widget=forms.CheckboxSelectMultiple, label=_("Criteria"),
    )
    agencies = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.exclude(kind__in=["provincial_committee", "central_commission"]),
        required=False, label=_("Handling agencies"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Matter
        fields = ["kind", "title", "summary", "responsible_unit", "monitoring_level",
                  "monitored_from", "criteria", "corruption", "security_order", "stage",
                  "prosecuted_on", "completed_on", "loss_amount", "recovered_amount",
                  "enforcement_due_amount", "enforcement_done_amount", "agencies",
                  "security_classification"]
        widgets = {
            "monitored_from": DATE, "prosecuted_on": DATE, "completed_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    AMOUNTS = ("loss_amount", "recovered_amount", "enforcement_due_amount",
               "enforcement_done_amount")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        for name in self.AMOUNTS:  # an amount left empty means none
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = 0
        return cleaned

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = units_user_may_change(user)
        if user.unit_id and not self.instance.pk:
            self.fields["responsible_unit"].initial = user.unit_id
        self.fields["agencies"].label_from_instance = lambda u: u.name
        if not may_classify(user):  # heads and custodians classify (see SECURITY.md)
            del self.fields["security_classification"]
        for name in self.AMOUNTS:
            self.fields[name].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            # After creation the stage moves only along the allowed transitions.
            current = self.instance.stage
            allowed = [current, *(s for s, refused in stages.next_stages(self.instance)
                                  if refused is None)]
            self.fields["stage"].choices = [(s, Stage(s).label) for s in allowed]
            if self.instance.completed_on:
                self.fields["completed_on"].disabled = True


class StageMoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Next stage"))
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.TextInput)

    def __init__(self, *args, matter, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the stages the rules allow now; the others are shown beside the form with the
        # reason the action would give (`stages.next_stages`).
        self.refused = []
        choices = []
        for stage, refused in stages.next_stages(matter):
            if refused is None:
                choices.append((stage, Stage(stage).label))
            else:
                self.refused.append((Stage(stage).label, refused))
        self.fields["stage"].choices = choices


class CompleteForm(forms.Form):
    on = forms.DateField(label=_("Completely handled on"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False)


class DefendantForm(forms.ModelForm):
    class Meta:
        model = Defendant
        fields = ["full_name", "position", "office_level", "office_status", "charge",
                  "prosecuted_on", "first_instance_on", "appeal_on", "sentence"]
        widgets = {"prosecuted_on": DATE, "first_instance_on": DATE, "appeal_on": DATE}


class DirectionForm(forms.ModelForm):
    addressee = UnitChoiceField(queryset=Unit.objects.order_by("kind", "code"),
                                label=_("Addressee"))
    matter = forms.ModelChoiceField(queryset=Matter.objects.none(), required=False,
                                    label=_("Matter"))

    class Meta:
        model = Direction
        fields = ["matter", "issuing_body", "addressee", "text", "issued_on", "due_on"]
        widgets = {"issued_on": DATE, "due_on": DATE, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = Matter.objects.restrict(user, CHANGE).order_by("title")
        # Only the units the user's unit may address (the action checks the same rule).
        self.fields["addressee"].queryset = Unit.objects.addressable_by(user.unit).order_by(
            "kind", "code")


class UrgeForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False)
    new_due_on = forms.DateField(label=_("New deadline"), required=False, widget=DATE)


class AnswerForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}))
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE)
    done = forms.BooleanField(label=_("The direction is carried out"), required=False,
                              initial=True)



class PartyReplyForm(forms.Form):
    """The addressee's report on a direction (matters.replies.reply)."""

    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 3}))
    done = forms.BooleanField(label=_("The direction is carried out"), required=False)


class ExtensionAskForm(forms.Form):
    until = forms.DateField(label=_("New deadline asked for"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=_("Decision"), coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        choices=[("yes", _("Grant the new deadline")), ("no", _("Refuse"))])
    note = forms.CharField(label=_("Note (the reason, when refusing)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

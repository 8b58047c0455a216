from django import forms
from django.utils.translation import gettext_lazy as _

from oversight.people.models import Appraisal, Person


class AppraisalForm(forms.ModelForm):
    nominees = forms.ModelMultipleChoiceField(Person.objects.none(), label=_("nominees"),
                                              required=False)

    class Meta:
        model = Appraisal
        fields = ["requesting_body", "purpose", "reference", "received_on", "due_on"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"}),
                   "due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominees"].queryset = Person.objects.restrict(user)


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("the unit's opinion"), widget=forms.Textarea(
        attrs={"rows": 4}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Same person")),
                                          ("reject", _("Different persons"))])
    note = forms.CharField(label=_("note"), required=False)

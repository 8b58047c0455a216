from django import forms
from django.utils.translation import gettext_lazy as _

from oversight.workcalendar.choices import DayKind

# The browser's date picker (as in matters.forms, a layer above).
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkingDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=DayKind.choices)
    basis = forms.CharField(label=_("Announcing document"), max_length=300,
                            help_text=_("Number and issuer, e.g. 12729/VPCP-KGVX."))
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=1900, max_value=2200, required=False)

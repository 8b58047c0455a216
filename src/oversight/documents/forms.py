from django import forms
from django.utils.translation import gettext_lazy as _

from oversight.documents.kinds import Kind


class IssueForm(forms.Form):
    """Issue one kind of document on a record: the fields its template asks for, the signer."""

    signer_name = forms.CharField(label=_("Signer"), max_length=200, required=False,
                                  help_text=_("Empty: your name."))
    signer_position = forms.CharField(label=_("Signer's position"), max_length=200,
                                      required=False, help_text=_("Empty: the unit's usual "
                                                                  "signer (e.g. TRƯỞNG BAN)."))

    def __init__(self, *args, kind: Kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.prefix = kind.code
        for f in kind.fields:
            self.fields[f.name] = forms.CharField(
                label=f.label, required=f.required, help_text=f.help, max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}))
        self.order_fields([f.name for f in kind.fields] + ["signer_name", "signer_position"])

    def values(self) -> dict:
        return {f.name: self.cleaned_data.get(f.name, "") for f in self.kind.fields}


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))

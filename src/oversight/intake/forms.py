"""The desk's forms: scans and email messages to upload, and the confirmation of a draft."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversight.intake.reading import contact
from oversight.petitions.choices import Channel, PetitionKind
from oversight.petitions.forms import PEOPLE_HELP, format_lines, parse_lines

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={
            "accept": ".pdf,.jpg,.jpeg,.png,.tif,.tiff"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ScanForm(forms.Form):
    files = MultipleFileField(label=_("Scans (PDF, JPEG, PNG, TIFF)"),
                              help_text=_("One petition per file; choose several files at "
                                          "once if you like."))
    split = forms.BooleanField(label=_("Several petitions in a file, separated by a blank "
                                       "page"), required=False)


class MessageForm(forms.Form):
    message = forms.FileField(label=_("Email message (.eml or .msg)"),
                              widget=forms.ClearableFileInput(attrs={"accept": ".eml,.msg"}))


class ConfirmForm(forms.Form):
    """The draft's proposals, for the officer to confirm or correct."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "---------"),
                                                        *PetitionKind.choices])
    subject = forms.CharField(label=_("Subject"), max_length=300)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    protection_requested = forms.BooleanField(
        label=_("Petitioner asks for protection"), required=False,
        help_text=_("Always so for denunciations: the identity is sealed."))
    petitioner_name = forms.CharField(label=_("Petitioner's full name"), required=False,
                                      max_length=200)
    petitioner_id_number = forms.CharField(label=_("Identity number"), required=False,
                                           max_length=32)
    petitioner_address = forms.CharField(label=_("Address or contact"), required=False,
                                         max_length=300)
    petitioner_phone = forms.CharField(label=_("Phone"), required=False, max_length=32)
    respondents_text = forms.CharField(
        label=_("Persons or organisations concerned (name; position; unit)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}), help_text=PEOPLE_HELP)
    content = forms.CharField(label=_("Content (recognised text)"),
                              widget=forms.Textarea(attrs={"rows": 14}))

    @classmethod
    def initial_for(cls, draft) -> dict:
        proposed = draft.proposed or {}
        sender = contact(proposed.get("sender") or {}) if proposed.get("sender") else {}
        return {
            "kind": proposed.get("kind", ""), "subject": proposed.get("subject", ""),
            "received_on": timezone.localdate(draft.created_at),
            "channel": Channel.EMAIL if draft.source == "email" else Channel.POST,
            "petitioner_name": sender.get("name", ""),
            "petitioner_id_number": sender.get("id_number", ""),
            "petitioner_address": sender.get("address", ""),
            "petitioner_phone": sender.get("phone", ""),
            "respondents_text": format_lines(proposed.get("respondents") or [],
                                             ("name", "position", "unit")),
            "content": draft.text,
        }

    def action_values(self) -> dict:
        data = dict(self.cleaned_data)
        petitioner = {"name": data.pop("petitioner_name", ""),
                      "id_number": data.pop("petitioner_id_number", ""),
                      "address": data.pop("petitioner_address", ""),
                      "phone": data.pop("petitioner_phone", "")}
        data["petitioner"] = petitioner
        data["respondents"] = parse_lines(data.pop("respondents_text", ""),
                                          ("name", "position", "unit"))
        return data

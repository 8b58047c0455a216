"""The citizen's forms: the report, the receipt code, a reply, more evidence."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from oversight.audit import proofs
from oversight.petitions.choices import PetitionKind
from oversight.portal import places, receipts

KIND_HELP = {
    PetitionKind.COMPLAINT: _(
        "You ask an agency to review a decision or an act of an agency or official that harms "
        "your own rights. A complaint needs your name and address."),
    PetitionKind.DENUNCIATION: _(
        "You report a violation of the law by an official, an agency or an organisation. Named "
        "denouncers are protected by law and receive the outcome. An anonymous denunciation is "
        "handled as information to verify, not as a denunciation."),
    PetitionKind.RECOMMENDATION: _(
        "You propose how a policy, a rule or the work of an agency could be improved."),
    PetitionKind.REFLECTION: _(
        "You inform the authorities of a situation or a fact so that they look into it."),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in `actions`."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def _style(form) -> None:
    """Bootstrap classes on the widgets (the portal's templates render fields one by one)."""
    for field in form.fields.values():
        widget = field.widget
        kind = getattr(widget, "input_type", "")
        if kind in ("radio", "checkbox", "hidden"):
            widget.attrs.setdefault("class", "form-check-input" if kind != "hidden" else "")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ReportForm(StyledForm):
    kind = forms.ChoiceField(label=_("What kind of report is it?"), choices=PetitionKind.choices,
                             widget=forms.RadioSelect)
    subject = forms.CharField(label=_("In one line, what is it about?"), max_length=300)
    content = forms.CharField(
        label=_("What happened?"), min_length=20, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Describe the facts: what was done, by whom, how you know it. Do not write "
                    "your own name here if you wish to stay anonymous."))
    province = forms.ChoiceField(
        label=_("Province or city where it happened"), required=False,
        help_text=_("The 34 provinces and cities since 1 July 2025."))
    old_province = forms.CharField(
        label=_("…or type the province's name"), required=False, max_length=100,
        help_text=_("Names from before the 2025 merger are accepted (e.g. Quảng Bình)."))
    place = forms.CharField(label=_("Where exactly?"), required=False, max_length=300,
                            help_text=_("Commune or ward, agency, project, address."))
    when = forms.CharField(label=_("When?"), required=False, max_length=200,
                           help_text=_("A date, a month or a period, as you know it."))
    respondents = forms.CharField(
        label=_("Who is involved?"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name, position, agency or company — as much as you know."))
    files = MultipleFileField(
        label=_("Evidence files"), required=False,
        help_text=_("PDF, images, Word, Excel, OpenDocument or text files."))
    identity = forms.ChoiceField(
        label=_("Do you give your identity?"), widget=forms.RadioSelect,
        choices=[("anonymous", _("No, I stay anonymous")),
                 ("named", _("Yes, I give my name"))], initial="anonymous")
    name = forms.CharField(label=_("Full name"), required=False, max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    id_number = forms.CharField(label=_("Citizen ID number"), required=False, max_length=20,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    address = forms.CharField(label=_("Address"), required=False, max_length=300,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30,
                            widget=forms.TextInput(attrs={"autocomplete": "off"}))
    protection = forms.BooleanField(
        label=_("I ask for protection of my identity and of myself"), required=False,
        help_text=_("Your identity is encrypted in any case; only the unit's identity "
                    "custodian can open it, and every opening is recorded."))
    truthful = forms.BooleanField(
        label=_("I report in good faith, to the best of my knowledge"),
        help_text=_("A knowingly false denunciation is an offence under the law."))
    challenge = forms.CharField(widget=forms.HiddenInput)
    pow = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("— choose —")), *places.choices()]
        self.fields["province"].either = True  # this or old_province: not marked optional
        self.fields["address"].either = self.fields["phone"].either = True  # one of them
        self.fields["files"].help_text = _(
            "PDF, images, Word, Excel, OpenDocument or text files; up to %(count)s files of "
            "%(size)s MB each. Metadata (author, camera, location) is removed from images, "
            "PDF and Office files.") % {
                "count": settings.PORTAL_FILES_PER_REPORT,
                "size": settings.PORTAL_FILE_MAX_BYTES // (1024 * 1024)}
        self.kind_help = [(value, label, KIND_HELP[value])
                          for value, label in PetitionKind.choices]

    def clean(self):
        data = super().clean()
        code, typed = data.get("province"), (data.get("old_province") or "").strip()
        unit = None
        if typed:
            unit, old = places.resolve(typed)
            if unit is None:
                self.add_error("old_province", _(
                    "No province of that name; choose one from the list."))
            self.mapped_from = old
        elif code:
            unit = next((u for u in places.current_units() if u.code == code), None)
        else:
            self.add_error("province", _("Choose the province or city, or type its name."))
        data["unit"] = unit
        named = data.get("identity") == "named"
        if named:
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Give your full name, or choose to stay anonymous."))
            if not ((data.get("address") or "").strip() or (data.get("phone") or "").strip()):
                self.add_error("address", _("Give an address or a phone number so that the "
                                            "agency can reach you."))
        elif data.get("kind") == PetitionKind.COMPLAINT:
            self.add_error("identity", _(
                "A complaint concerns your own rights: it cannot be anonymous. Give your "
                "identity, or send a denunciation or a reflection instead."))
        files = data.get("files") or []
        if len(files) > settings.PORTAL_FILES_PER_REPORT:
            self.add_error("files", _("At most %(count)s files.") % {
                "count": settings.PORTAL_FILES_PER_REPORT})
        return data

    def people(self) -> list[dict]:
        data = self.cleaned_data
        if data.get("identity") != "named":
            return []
        return [{k: (data.get(k) or "").strip() for k in ("name", "id_number", "address",
                                                           "phone")}]

    def respondent_rows(self) -> list[dict]:
        rows = []
        for line in (self.cleaned_data.get("respondents") or "").splitlines():
            parts = [p.strip() for p in line.replace("—", ",").replace(";", ",").split(",")]
            parts = [p for p in parts if p]
            if parts:
                rows.append({"name": parts[0][:200], "position": (parts[1] if len(parts) > 1
                                                                  else "")[:200],
                             "unit": ", ".join(parts[2:])[:300]})
        return rows[:50]


class CodeForm(StyledForm):
    code = forms.CharField(
        label=_("Your receipt code"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric",
                                      "spellcheck": "false"}),
        help_text=_("The 16 digits you received when you sent your report."))

    def clean_code(self):
        digits = receipts.normalise(self.cleaned_data["code"])
        if digits is None:
            raise forms.ValidationError(_("A receipt code has 16 digits."))
        return digits


class ReplyForm(StyledForm):
    body = forms.CharField(label=_("Your answer or message"), max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 5}))


class EvidenceForm(StyledForm):
    files = MultipleFileField(label=_("Add evidence files"))

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if not files:
            raise forms.ValidationError(_("Choose at least one file."))
        if len(files) > settings.PORTAL_FILES_PER_REPORT:
            raise forms.ValidationError(_("At most %(count)s files.") % {
                "count": settings.PORTAL_FILES_PER_REPORT})
        return files


class ProofForm(StyledForm):
    """A proof of filing to check (`audit.proofs`): the text printed on the proof."""

    proof = forms.CharField(
        label=_("The proof's signature text"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false",
                                     "class": "mono"}),
        help_text=_("Copy it from your proof of filing, starting with OVS1. Line breaks and "
                    "spaces do not matter."))

    def clean_proof(self):
        try:
            return proofs.check(self.cleaned_data["proof"])
        except proofs.ProofError:
            raise forms.ValidationError(_(
                "This is not a valid proof: it was not signed by this portal, or it was "
                "changed or copied incompletely.")) from None

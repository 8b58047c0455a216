"""Text that people type: Unicode NFC, visible, without bidirectional controls.

A title made only of invisible characters (U+202E RIGHT-TO-LEFT OVERRIDE, U+200B ZERO WIDTH
SPACE, U+FEFF BOM) looks empty in every list and cannot be searched; a bidi override makes a
name or a file name read differently from what it is ("Trojan Source", CVE-2021-42574). The rule:

- every text is normalised to NFC (a Vietnamese letter typed as base + combining marks and the
  same letter precomposed compare equal, search finds both);
- a **required** text must keep at least one visible character once control (Cc), format (Cf)
  and separator (Z*) characters, lone combining marks and blank letters (Hangul filler, braille
  blank…) are removed;
- no text may contain the bidirectional embedding, override or isolate controls (U+202A–U+202E,
  U+2066–U+2069). The marks U+200E/U+200F stay allowed: they change no order by themselves.

Where it applies, once for every model (`install()`, called by `CoreConfig.ready()`): each
CharField/TextField without choices of the project's models gets `validate_text` among its
validators — so model forms show the message beside the field and model serializers answer
400 naming it — and a `pre_save` check normalises to NFC and refuses the same text with a
`RuleError` naming the field, for every other path (declared serializer fields, plain forms,
commands). `tests/core/test_text.py` walks every model and serializer.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from oversight.core.errors import RuleError

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters and symbols that draw nothing although their category says otherwise.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u2061\u2062\u2063\u2064")
_INVISIBLE_CATEGORIES = ("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Cn", "Cs")

INVISIBLE_MESSAGE = _("Enter visible text: this contains only invisible characters.")
BIDI_MESSAGE = _("Remove the text direction control characters (U+202A–U+202E, "
                 "U+2066–U+2069): they make text read differently from what it is.")

# Apps whose rows are derived, not typed: the audit trail is hash-chained over the values as
# they were, and the search index copies records already checked.
EXEMPT_APPS = frozenset({"audit", "search"})
NOT_TYPED = frozenset({"password"})  # a hash, not text


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_visible(char: str) -> bool:
    return (char not in BLANK_LETTERS and not char.isspace()
            and unicodedata.category(char) not in _INVISIBLE_CATEGORIES)


def problem(text, required: bool = True):
    """The message for what is wrong with `text`, or None when it is acceptable."""
    if not isinstance(text, str) or text == "":
        return None
    if any(ch in BIDI_CONTROLS for ch in text):
        return BIDI_MESSAGE
    if required and not any(is_visible(ch) for ch in text):
        return INVISIBLE_MESSAGE
    return None


def validate_text(value) -> None:
    """A validator for a required text field (models, forms, serializers)."""
    message = problem(value, required=True)
    if message is not None:
        raise ValidationError(message, code="invisible_text")


def validate_optional_text(value) -> None:
    """A validator for a text that may be left empty: bidi controls only."""
    message = problem(value, required=False)
    if message is not None:
        raise ValidationError(message, code="bidi_control")


def _text_fields(model) -> list:
    """(field, required) of the model's typed text fields."""
    from django.db import models

    fields = getattr(model, "_oversight_text_fields", None)
    if fields is None or fields[0] is not model:
        found = []
        if model._meta.app_label not in EXEMPT_APPS and model.__module__.startswith("oversight."):
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField) and \
                        not field.choices and field.name not in NOT_TYPED:
                    found.append((field, not field.blank))
        fields = (model, found)
        model._oversight_text_fields = fields
    return fields[1]


def check_instance(sender, instance, raw=False, **kwargs) -> None:
    """pre_save: NFC for every typed text field; refuse invisible or bidi-controlled text."""
    if raw:  # fixtures load as they were written
        return
    for field, required in _text_fields(type(instance)):
        name = field.attname
        value = getattr(instance, name)
        if not isinstance(value, str):
            continue
        message = problem(value, required)
        if message is not None:
            raise RuleError(message, field=name)
        normalised = normalise(value)
        if normalised != value:
            setattr(instance, name, normalised)


def install() -> None:
    """Add the validators to every project model's text fields and connect the pre_save
    check. The validators go into each field's validator list, not its `_validators`, so
    migrations see no change."""
    from django.apps import apps
    from django.db.models.signals import pre_save

    for model in apps.get_models():
        for field, required in _text_fields(model):
            validator = validate_text if required else validate_optional_text
            if validator not in field.validators:
                field.validators.append(validator)
    pre_save.connect(check_instance, dispatch_uid="oversight.core.text.check_instance")

"""Sentences said in the reader's language, whoever caused them: a `Phrase` keeps the English
message id and its parameters (JSON, `as_data()`), and `say` translates it when it is read, in
the active language of the page or API call reading it. Notifications are stored so
(`core.notify`, `Notification.message`)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, gettext_noop, ngettext, override


class Phrase:
    """A sentence to be said later in the reader's language: `msgid` is the English message
    (mark it with `gettext_noop`, spelled out, so that makemessages finds it), `params` its
    values. With `plural` and `n` it is a plural message (`ngettext`; `n` is also a
    parameter; write it `Phrase.ngettext(singular, plural, n, ...)` so that makemessages
    finds both forms). A value may
    be a Phrase, a lazy translation (a choice label: kept by its English text, translated when
    said), a record with `name_vi` and `name_en` (a unit: its name in the reader's language),
    a date (said dd/mm/yyyy), or plain data (str, int), kept as it is."""

    def __init__(self, msgid: str, /, plural: str | None = None, n: int | None = None,
                 **params):
        self.msgid, self.plural, self.n, self.params = str(msgid), plural, n, params

    @classmethod
    def ngettext(cls, singular: str, plural: str, n: int, /, **params) -> Phrase:
        """A plural phrase (named so that makemessages extracts both forms)."""
        return cls(singular, plural, n, **params)

    def as_data(self) -> dict:
        data: dict = {"m": self.msgid}
        if self.plural is not None:
            data["pl"], data["n"] = str(self.plural), int(self.n or 0)
        if self.params:
            data["p"] = {key: _param(value) for key, value in self.params.items()}
        return data

    def __str__(self) -> str:
        return say(self.as_data())

    def __repr__(self) -> str:
        return f"Phrase({self.msgid!r}, {self.params!r})"


class Localized:
    """Data kept in both languages (a unit's name, an escalation step's label): said in the
    reader's, else in Vietnamese."""

    def __init__(self, **by_language: str):
        self.by_language = {key: str(value or "") for key, value in by_language.items()}

    def __str__(self) -> str:
        return say({"l": self.by_language})


def _param(value):
    if isinstance(value, Phrase):
        return value.as_data()
    if isinstance(value, Localized):
        return {"l": value.by_language}
    if isinstance(value, Promise):
        with override("en"):  # message ids are English: the English text is the id
            return {"m": str(value)}
    if hasattr(value, "name_vi") and hasattr(value, "name_en"):
        return {"l": {"vi": value.name_vi, "en": value.name_en}}
    if isinstance(value, dt.datetime):
        return str(timezone.localtime(value).strftime("%H:%M %d/%m/%Y"))
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if value is None or isinstance(value, (int, float)):
        return value
    return str(value)


def by_whom(user) -> Phrase | str:
    """Who did it, for a notice: the user's full name, or "the system"."""
    return str(user) if user is not None else Phrase(gettext_noop("the system"))


def say(data) -> str:
    """The sentence `data` (a Phrase's `as_data()`) in the active language. A translation
    that does not fit its parameters falls back to the English message."""
    if isinstance(data, dict) and isinstance(data.get("l"), dict):
        names = data["l"]
        language = (get_language() or "vi")[:2]
        return str(names.get(language) or names.get("vi") or next(iter(names.values()), ""))
    if not isinstance(data, dict) or "m" not in data:
        return "" if data is None else str(data)
    params = {key: say(value) if isinstance(value, dict) else value
              for key, value in (data.get("p") or {}).items()}
    if "pl" in data:
        params.setdefault("n", data.get("n", 0))
        template = ngettext(data["m"], data["pl"], data.get("n", 0))
    else:
        template = gettext(data["m"])
    if not params:
        return template
    try:
        return template % params
    except (KeyError, ValueError, TypeError):
        try:
            return data["m"] % params
        except (KeyError, ValueError, TypeError):
            return data["m"]

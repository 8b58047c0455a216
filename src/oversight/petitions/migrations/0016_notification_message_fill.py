"""Notices written before they were phrases (0015) get their phrase back where their text is
one of the sentences the project wrote then, in English or in Vietnamese: the text is matched
against the message and its Vietnamese translation, and the values read out of it become the
parameters (kept as written: a unit's name stays in the language it was first said). Texts
that match nothing (free sentences, escalation steps and digests, whose parts were translated
apart) keep being shown as stored."""

import re

from django.db import migrations
from django.utils import translation

# The notices' sentences as they were written up to 0015 (their values plain data).
MESSAGES = [
    "Petition “%(subject)s” was assigned to you by %(by)s.",
    "Matter “%(title)s” was assigned to you by %(by)s.",
    "Direction “%(text)s” was assigned to you by %(by)s.",
    "%(unit)s transferred petition “%(subject)s” to your unit.",
    "%(unit)s issued a direction to your unit, due %(due)s: %(text)s",
    "%(unit)s urged the direction due %(due)s: %(text)s",
    "Petition “%(subject)s” is overdue since %(due)s.",
    "A report arrived from the portal (%(ref)s): %(subject)s",
    "The submitter of %(ref)s sent a message.",
    "The submitter of %(ref)s added %(n)s file(s).",
]
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _pattern(template: str) -> re.Pattern | None:
    """The sentence `template` as a regular expression with a named group per value."""
    out, at, names = [], 0, set()
    for found in _PLACEHOLDER.finditer(template):
        name = found.group(1)
        if name in names:
            return None
        names.add(name)
        out.append(re.escape(template[at:found.start()]))
        out.append(f"(?P<{name}>.+?)")
        at = found.end()
    out.append(re.escape(template[at:]))
    return re.compile("".join(out) + r"\Z", re.S)


def patterns() -> list[tuple[str, re.Pattern]]:
    """(message id, pattern) for each message, in English and in its Vietnamese translation."""
    found = []
    for msgid in MESSAGES:
        with translation.override("vi"):
            vietnamese = translation.gettext(msgid)
        for template in dict.fromkeys((msgid, vietnamese)):
            pattern = _pattern(template)
            if pattern is not None:
                found.append((msgid, pattern))
    return found


def phrase_of(text: str, known=None) -> dict | None:
    """The phrase (as stored in Notification.message) a stored text was said from, or None."""
    for msgid, pattern in known if known is not None else patterns():
        match = pattern.match(text or "")
        if match:
            return {"m": msgid, "p": match.groupdict()}
    return None


def fill(apps, schema_editor):
    Notification = apps.get_model("petitions", "Notification")
    known = patterns()
    rows = Notification.objects.filter(message__isnull=True).only("pk", "text")
    changed = []
    for row in rows.iterator(chunk_size=2000):
        message = phrase_of(row.text, known)
        if message is not None:
            row.message = message
            changed.append(row)
        if len(changed) >= 1000:
            Notification.objects.bulk_update(changed, ["message"])
            changed = []
    if changed:
        Notification.objects.bulk_update(changed, ["message"])


class Migration(migrations.Migration):

    dependencies = [
        ("petitions", "0015_notification_message"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

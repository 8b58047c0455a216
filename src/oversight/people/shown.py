"""What a reader sees of a person: the summed-up fields from the records he may open.

A `Person` row sums up its mentions (CCCD, CMND, phones, addresses, names as written, birth;
`sum_up`, saved by `linking.registry.refresh_person`). A reader who may open only some of
those records — a defendant of a secret matter also named in an ordinary petition — would
learn from the sum what the withheld records say (issue 13: "what a user may not see is
absent"). `PersonQuerySet` hands every row it reads for a user (`restrict()`) to `as_seen_by`,
so pages, the API, the dossier and exports show the reader's share, and such a row is never
saved. The person's registered name stays (a visible person is known by it); a person with no
mention at all (registered by hand) keeps what was typed.

This module imports no model (the queryset passes the mentions in), so the models import it.
"""

from __future__ import annotations

import collections

from oversight.base.vietnamese import ascii_fold
from oversight.people.normalise import display_name, normalise_address, parse_birth

SUMMED = ("cccd", "cmnd", "names", "addresses", "phones", "birth_date", "birth_year")


def as_seen_by(persons: list, user, mentions: dict, readable: set) -> None:
    """`mentions`: {person id: [mention, …] in id order}; `readable`: ids of the mentions the
    user may open. A person with a mention outside `readable` is summed up again from the
    others, in memory, and marked so that `Person.save` refuses it."""
    for person in persons:
        rows = mentions.get(person.pk, [])
        seen = [m for m in rows if m.pk in readable]
        if len(seen) == len(rows):
            continue
        name, key = person.full_name, person.name_key
        person.cccd = person.cmnd = ""
        person.names, person.addresses, person.phones = [], [], []
        person.birth_date = person.birth_year = None
        if seen:
            sum_up(person, seen)
        person.full_name, person.name_key = name, key
        person._shown_to = user


def refuse_save(person) -> None:
    if getattr(person, "_shown_to", None) is not None:
        raise RuntimeError("A person read for a user shows his share of the record; "
                           "read it without restrict() to change it.")


def sum_up(person, mentions: list) -> None:
    """Set the person's names, birth, numbers, addresses and phones from `mentions` (in
    memory; `linking.registry.refresh_person` saves it, `as_seen_by` shows a reader his
    share)."""
    names = collections.Counter(display_name(m.name) for m in mentions if m.name)
    if names:
        # Prefer a form with diacritics and the most common one.
        best = max(names, key=lambda n: (n != ascii_fold(n), len(n.split()), names[n]))
        person.full_name = best
        person.name_key = ascii_fold(best).lower()
    person.names = sorted(names)
    births = [parse_birth(m.birth) for m in mentions if m.birth]
    full = collections.Counter(b.date for b in births if b.date)
    if full:
        person.birth_date = full.most_common(1)[0][0]
        person.birth_year = person.birth_date.year
    elif births:
        person.birth_year = collections.Counter(b.year for b in births).most_common(1)[0][0]
    person.cccd = person.cccd or next((m.cccd for m in mentions if m.cccd), "")
    person.cmnd = person.cmnd or next((m.cmnd for m in mentions if m.cmnd), "")
    addresses = {}
    for m in mentions:
        if m.address and m.address not in addresses:
            place = normalise_address(m.address)
            addresses[m.address] = {"as_written": m.address, "today": place.text,
                                    "province": place.province}
    person.addresses = list(addresses.values())
    person.phones = sorted({m.phone_key for m in mentions if m.phone_key})

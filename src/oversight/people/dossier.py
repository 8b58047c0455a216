"""A nominee's dossier: everything the registry links to them and to their relatives, each
item with its source record, and conflict-of-interest flags that explain themselves.

Need-to-know: every record goes through `.restrict(user)`; what the user may not see is
counted ("N more records outside your access") but neither shown nor used in a flag's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from oversight.base.vietnamese import ascii_fold
from oversight.core.scoping import hidden_count, visible_ids
from oversight.identity.keys import blind_digests, blind_matches, has_wrap
from oversight.matters.models import Direction, Matter
from oversight.people.choices import FAMILY, INVERSE, MentionRole, RelationKind
from oversight.people.models import (
    AssetDeclarationNote,
    Mention,
    Organisation,
    OrganisationRole,
    Person,
    Relation,
)
from oversight.petitions.models import Petition, Reception
from oversight.units.models import Unit


@dataclass
class Item:
    title: str
    detail: str = ""
    status: str = ""
    url: str = ""
    source: str = ""
    who: str = ""  # the nominee or the relative it concerns


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    hidden: int = 0


@dataclass
class Flag:
    sentence: str
    url: str = ""


@dataclass
class Relative:
    person: Person
    kind: str
    label: str
    source: str = ""


@dataclass
class Dossier:
    person: Person
    relatives: list[Relative]
    sections: list[Section]
    flags: list[Flag]
    hidden_flags: int = 0

    @property
    def hidden_total(self) -> int:
        return sum(s.hidden for s in self.sections)


def relatives_of(person: Person) -> list[Relative]:
    out = []
    for r in Relation.objects.filter(person=person).select_related("other"):
        out.append(Relative(r.other, r.kind, _relation_label(r.kind, inverse=True), r.source))
    for r in Relation.objects.filter(other=person).select_related("person"):
        out.append(Relative(r.person, r.kind, r.get_kind_display(), r.source))
    return out


def _relation_label(kind: str, inverse: bool) -> str:
    if inverse:
        kind = INVERSE.get(kind, kind)
    return RelationKind(kind).label


def _who(person: Person, nominee: Person, relatives: dict) -> str:
    if person.pk == nominee.pk:
        return _("the nominee")
    rel = relatives.get(person.pk)
    return _("%(name)s (%(relation)s)") % {"name": person.full_name, "relation": rel.label}


def _visible_and_hidden(queryset, user):
    """The records the user may see, and how many of their own unit's they may not."""
    return list(queryset.restrict(user)), hidden_count(user, queryset)


def protected_petitions(person: Person):
    """Petitions whose protected petitioners match this person's name or identity number,
    found by comparing keyed hashes (the blind index) — nothing is decrypted."""
    people = [{"name": person.full_name, "id_number": number}
              for number in (person.cccd, person.cmnd) if number] or \
        [{"name": person.full_name}]
    digests = {d for _field, d in blind_digests(people)}
    return Petition.objects.filter(identity_envelope__isnull=False,
                                   pk__in=blind_matches(Petition, digests))


def build(person: Person, user) -> Dossier:
    relatives = relatives_of(person)
    by_pk = {r.person.pk: r for r in relatives}
    family = [person.pk, *by_pk]
    sections = []

    # Petitions naming the nominee (as petitioner or denounced person).
    mentions = Mention.objects.filter(person=person, petition__isnull=False)
    roles = {}
    for m in mentions:
        roles.setdefault(m.petition_id, m.get_role_display())
    # Protected petitions cannot name anyone in clear: their blind index may match. Only for
    # who holds the key to that identity (a custodian): to anyone else a nominee's name typed
    # into an appraisal would confirm or deny a guess of a sealed denouncer (issue 13).

    for petition in protected_petitions(person).select_related("identity_envelope"):
        if has_wrap(petition.identity_envelope, user):
            roles.setdefault(petition.pk, _("protected petitioner (matched by the blind index)"))
    petitions, hidden = _visible_and_hidden(Petition.objects.filter(pk__in=roles), user)
    sections.append(Section("petitions", _("Petitions naming them"), [
        Item(p.subject, roles[p.pk], " · ".join(
            x for x in (p.get_status_display(), p.get_outcome_display() if p.outcome else "")
            if x), reverse("petition-detail", args=[p.pk]),
            _("Petition #%(pk)s, %(unit)s, %(date)s") % {
                "pk": p.pk, "unit": p.unit.place, "date": p.received_on.strftime("%d/%m/%Y")})
        for p in petitions], hidden))

    # Matters where they or a relative are defendants.
    who_in_matter = {}
    for m in Mention.objects.filter(person_id__in=family, defendant__isnull=False).select_related(
            "defendant"):
        who_in_matter.setdefault(m.defendant.matter_id, set()).add(m.person_id)
    matters, hidden = _visible_and_hidden(
        Matter.objects.filter(pk__in=who_in_matter).select_related("responsible_unit"), user)
    people = {p.pk: p for p in Person.objects.filter(pk__in=family)}
    sections.append(Section("matters", _("Matters where they or a relative appear"), [
        Item(m.title, ", ".join(_who(people[pid], person, by_pk)
                                for pid in sorted(who_in_matter[m.pk])),
             m.get_stage_display(), reverse("matter-detail", args=[m.pk]),
             _("Matter #%(pk)s, %(unit)s") % {"pk": m.pk, "unit": m.responsible_unit.place})
        for m in matters], hidden))

    # Directions on those matters.
    directions, hidden = _visible_and_hidden(
        Direction.objects.filter(matter_id__in=who_in_matter).select_related("matter"), user)
    sections.append(Section("directions", _("Directions"), [
        Item(d.text[:160], d.matter.title if d.matter else "", d.get_current_status_display(),
             reverse("direction-detail", args=[d.pk]),
             _("Direction #%(pk)s, due %(date)s") % {"pk": d.pk,
                                                     "date": d.due_on.strftime("%d/%m/%Y")})
        for d in directions], hidden))

    # Receptions.
    reception_ids = Mention.objects.filter(person=person, reception__isnull=False).values(
        "reception_id")
    receptions, hidden = _visible_and_hidden(Reception.objects.filter(pk__in=reception_ids),
                                             user)
    sections.append(Section("receptions", _("Citizen receptions"), [
        Item(str(r), r.outcome[:160], "", reverse("reception-detail", args=[r.pk]),
             _("Reception #%(pk)s, %(unit)s") % {"pk": r.pk, "unit": r.unit.place})
        for r in receptions], hidden))

    # Asset declaration notes.
    notes, hidden = _visible_and_hidden(AssetDeclarationNote.objects.filter(person=person), user)
    sections.append(Section("assets", _("Asset declaration notes"), [
        Item(f"{n.year}: {n.note}", n.source,
             "" if n.truthful is None else (_("truthful") if n.truthful else _("not truthful")),
             "", _("Note #%(pk)s, %(unit)s") % {"pk": n.pk, "unit": n.unit.place})
        for n in notes], hidden))

    # Companies they or their relatives own or run.
    roles_qs = OrganisationRole.objects.filter(person_id__in=family).select_related(
        "organisation", "person")
    visible_roles, hidden = _visible_and_hidden(roles_qs, user)
    sections.append(Section("companies", _("Companies they or their relatives own or run"), [
        Item(r.organisation.name, _("%(who)s: %(role)s") % {
            "who": _who(r.person, person, by_pk), "role": r.get_role_display()},
             r.organisation.tax_code, reverse("organisation-detail", args=[r.organisation_id]),
             r.source)
        for r in visible_roles], hidden))

    flags, hidden_flags = _flags(person, by_pk, visible_roles, user)
    # Companies that appear in matters (any company of theirs party to a visible matter).
    org_ids = {r.organisation_id for r in visible_roles}
    in_matters = Matter.objects.filter(organisations__in=org_ids).distinct()
    visible_matters, hidden = _visible_and_hidden(in_matters, user)
    sections.append(Section("company_matters", _("Their companies in matters"), [
        Item(m.title, ", ".join(o.name for o in m.organisations.filter(pk__in=org_ids)),
             m.get_stage_display(), reverse("matter-detail", args=[m.pk]),
             _("Matter #%(pk)s, %(unit)s") % {"pk": m.pk, "unit": m.responsible_unit.place})
        for m in visible_matters], hidden))
    return Dossier(person, relatives, sections, flags, hidden_flags)


def _named_in(org: Organisation, petition) -> bool:
    key = org.name_key
    if not key:
        return False
    texts = [f"{r.get('name', '')} {r.get('unit', '')}" for r in petition.respondents or ()]
    texts += [petition.subject, petition.content]
    return any(key in ascii_fold(t).lower() for t in texts)


def _flags(person: Person, relatives: dict, roles, user) -> tuple[list[Flag], int]:
    """Conflict-of-interest flags from the companies they or their relatives own or run."""
    flags, hidden = [], 0
    nominee_units = set(person.appraisals.values_list("unit__code", flat=True))
    nominee_units |= {a.get("province") for a in person.addresses if a.get("province")}
    for role in roles:
        org = role.organisation
        if role.person_id == person.pk:
            holder = _("the nominee")
        else:
            rel = relatives.get(role.person_id)
            if rel is None or rel.kind not in FAMILY and rel.kind != "business_partner":
                continue
            holder = _("the nominee's %(relation)s %(name)s") % {
                "relation": rel.label, "name": role.person.full_name}
        subject = _("%(org)s, of which %(holder)s is %(role)s,") % {
            "org": org.name, "holder": holder, "role": role.get_role_display()}
        matters = org.matters.all()
        visible = list(matters.restrict(user))
        hidden += hidden_count(user, matters)
        for matter in visible:
            flags.append(Flag(_("%(subject)s is a party to the matter “%(matter)s” "
                                "(%(unit)s, %(stage)s).") % {
                "subject": subject, "matter": matter.title,
                "unit": matter.responsible_unit.place, "stage": matter.get_stage_display()},
                reverse("matter-detail", args=[matter.pk])))
        if org.name_key:
            petitions = Petition.objects.filter(content__icontains=org.name.split()[-1]) | \
                Petition.objects.filter(respondents__icontains=org.name.split()[-1])
            candidates = [p for p in Petition.objects.filter(pk__in=petitions.values("pk"))
                          if _named_in(org, p)]
            seen = visible_ids(Petition, [p.pk for p in candidates], user)
            hidden += hidden_count(user, Petition.objects.filter(
                pk__in=[p.pk for p in candidates]))
            for p in candidates:
                if p.pk in seen:
                    flags.append(Flag(_("%(subject)s is named in the petition “%(subject_p)s” "
                                        "received on %(date)s.") % {
                        "subject": subject, "subject_p": p.subject,
                        "date": p.received_on.strftime("%d/%m/%Y")},
                        reverse("petition-detail", args=[p.pk])))
        if org.province and org.province in nominee_units and role.person_id != person.pk:
            place = Unit.objects.filter(code=org.province).first()
            flags.append(Flag(_("%(subject)s is registered in %(place)s, the nominee's own "
                                "unit.") % {"subject": subject,
                                            "place": place.place if place else org.province},
                              reverse("organisation-detail", args=[org.pk])))
    return flags, hidden


__all__ = ["Dossier", "MentionRole", "build"]

"""Persons named in a petition's text, matched against the registry, and the conflict of
interest when one of them is related to the officer the petition is assigned to.

A name found in a text is only a name: it is linked to a registry person when exactly one
person of the registry bears it (compared folded, without diacritics), otherwise it stays
unlinked and the full re-link (Splink) or an officer decides. Officers are tied to their own
registry entry by `Person.officer` (set by an administrator), so their relations are known.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.audit.choices import Action
from oversight.core.models import Notification
from oversight.core.notify import record_link
from oversight.core.phrases import Phrase
from oversight.core.scoping import VIEW, can
from oversight.people.choices import INVERSE, MentionRole, RelationKind
from oversight.people.models import Appraisal, Mention, Person, Relation
from oversight.people.normalise import name_key
from oversight.petitions.models import Petition


def registry_matches(name: str):
    """Registry persons bearing exactly this name, compared folded: `Person.name_key`, which
    `Person.save` keeps for every person (migration people 0006 for those saved before), read
    through its index. (It used to be compared as written too, for a person entered by hand
    whose key was not computed: an `OR` that no index serves, a scan of the whole registry at
    each intake and petition page, issue 17.)"""
    key = name_key(name)
    if not key:
        return Person.objects.none()
    return Person.objects.filter(name_key=key)


def link_named(petition) -> int:
    """Link the petition's unlinked respondents to the one registry person of their name.
    Returns how many were linked."""
    linked = 0
    for mention in Mention.objects.filter(petition=petition, role=MentionRole.RESPONDENT,
                                          person__isnull=True):
        matches = list(registry_matches(mention.name)[:2])
        if len(matches) == 1:
            Mention.objects.filter(pk=mention.pk).audit_as(Action.LINK, {
                "how": "the only registry person of this name", "person": matches[0].pk,
            }).update(person=matches[0], linked_at=timezone.now())
            linked += 1
    return linked


@dataclass
class NamedPerson:
    name: str
    person: Person | None = None
    earlier_petitions: int = 0
    appraisals: list = field(default_factory=list)  # (pk, url) visible to the user
    namesakes: int = 0  # registry persons of the same name when none is linked

    @property
    def sentence(self) -> str:
        parts = []
        if self.earlier_petitions:
            parts.append(_("%(n)s earlier petition(s)") % {"n": self.earlier_petitions})
        for pk, _url in self.appraisals:
            parts.append(_("nominee in appraisal #%(pk)s") % {"pk": pk})
        if self.person is None and self.namesakes:
            parts.append(_("%(n)s people of this name in the registry") % {"n": self.namesakes})
        return f"{self.name} ({', '.join(parts)})" if parts else self.name


def named_in(petition, user) -> list[NamedPerson]:
    """The persons the petition names, with what the registry knows of them that the user may
    see: "Nguyễn Văn A (3 earlier petitions, nominee in appraisal #12)"."""
    out = []
    for mention in Mention.objects.filter(petition=petition, role=MentionRole.RESPONDENT
                                          ).select_related("person").order_by("slot"):
        item = NamedPerson(mention.name, mention.person)
        if mention.person_id:
            earlier = Mention.objects.filter(person_id=mention.person_id,
                                             petition__isnull=False).exclude(
                petition=petition).values("petition_id")
            item.earlier_petitions = Petition.objects.filter(
                pk__in=earlier, received_on__lte=petition.received_on).restrict(user).count()
            item.appraisals = [
                (a.pk, reverse("appraisal-detail", args=[a.pk]))
                for a in Appraisal.objects.filter(nominees=mention.person_id).restrict(user)]
        else:
            item.namesakes = registry_matches(mention.name).count()
        out.append(item)
    return out


@dataclass
class Conflict:
    sentence: Phrase  # said in the reader's language (the page's, or the notified head's)
    person: Person


def conflicts(petition) -> list[Conflict]:
    """Persons the petition names who are the assignee or related to them (registry
    relations of the assignee's own registry entry)."""
    if not petition.assignee_id:
        return []
    officer = Person.objects.filter(officer_id=petition.assignee_id).first()
    if officer is None:
        return []
    named_ids = set(Mention.objects.filter(petition=petition, person__isnull=False)
                    .values_list("person_id", flat=True))
    out = []
    if officer.pk in named_ids:
        out.append(Conflict(Phrase(gettext_noop("The petition names the assignee %(officer)s."),
                                   officer=officer.full_name), officer))
    relations = Relation.objects.filter(
        Q(person=officer, other_id__in=named_ids) | Q(other=officer, person_id__in=named_ids)
    ).select_related("person", "other")
    for relation in relations:
        named = relation.other if relation.person_id == officer.pk else relation.person
        # "`person` is the `kind` of `other`"

        if relation.person_id == named.pk:
            link = RelationKind(relation.kind).label
        else:
            link = RelationKind(INVERSE.get(relation.kind, relation.kind)).label
        out.append(Conflict(Phrase(gettext_noop(
            "Conflict of interest: %(named)s, named in the petition, is the %(relation)s of "
            "the assignee %(officer)s."), named=named.full_name, relation=link,
            officer=officer.full_name), named))
    return out


def notify_heads(petition) -> int:
    """Tell the heads of the petition's unit about each conflict of its assignment."""
    found = conflicts(petition)
    if not found:
        return 0

    heads = [head for head in User.objects.filter(unit_id=petition.unit_id, is_active=True,
                                                  groups__name=Role.HEAD)
             if can(head, VIEW, petition)]  # a secret petition: only heads on its list
    sent = 0
    for head in heads:
        for conflict in found:
            message = Phrase(gettext_noop("Petition “%(subject)s”: %(sentence)s"),
                             subject=petition.subject[:120], sentence=conflict.sentence)
            Notification.objects.create(
                user=head, link=record_link(petition), kind="conflict",
                record_type="petitions.petition", record_id=petition.pk,
                text=str(message)[:500], message=message.as_data())
            sent += 1
    return sent

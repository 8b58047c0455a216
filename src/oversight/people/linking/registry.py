"""Linking the registry's mentions to persons: the full re-link (the background job
"relink", people/tasks.py: progress, cancel and retry are the job's, its figures a `LinkRun`)
and the incremental link of new mentions on save.

Officers' decisions are remembered: an accepted pair is kept together and a rejected pair is
never joined again, whichever way the model scores it in later runs.
"""

from __future__ import annotations

import collections
import logging

import pandas as pd
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from oversight.audit import record
from oversight.audit.choices import Action
from oversight.core import jobs
from oversight.people import mentions as mention_sync
from oversight.people.choices import LinkStatus
from oversight.people.linking import engine, model
from oversight.people.models import (
    AssetDeclarationNote,
    LinkCandidate,
    LinkDecision,
    LinkRun,
    Mention,
    OrganisationRole,
    Person,
    Position,
    Relation,
)
from oversight.people.shown import sum_up

log = logging.getLogger(__name__)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def decided_pairs() -> tuple[set, set]:
    """(pairs kept together, pairs kept apart): the latest decision on each pair counts."""
    latest = {}
    for left, right, accepted in LinkDecision.objects.order_by("at", "id").values_list(
            "left_id", "right_id", "accepted"):
        latest[_pair(left, right)] = accepted
    together = {p for p, ok in latest.items() if ok}
    return together, set(latest) - together


def mention_frame(queryset) -> pd.DataFrame:
    rows = []
    for pk, feats in queryset.values_list("pk", "features").iterator(chunk_size=5000):
        row = dict(feats or {})
        row["unique_id"] = pk
        rows.append(row)
    return model.frame(rows)


# --- Persons --------------------------------------------------------------------------------

def refresh_person(person: Person) -> Person:
    """Write the person's names, birth, numbers, addresses and phones from their mentions."""
    mentions = list(person.mentions.order_by("id"))
    if not mentions:
        return person
    sum_up(person, mentions)
    if person.unit_id is None:
        person.unit_id = mentions[0].unit_id
    person.save()
    return person


def new_person(mentions, *, how: str = "new person", match_probability=None) -> Person:
    mentions = list(mentions)
    person = Person.objects.create(full_name=mentions[0].name, unit_id=mentions[0].unit_id)
    detail = {"how": how, "person": person.pk}
    if match_probability is not None:
        detail["match_probability"] = float(match_probability)
    Mention.objects.filter(pk__in=[m.pk for m in mentions]).audit_as(Action.LINK, detail).update(
        person=person, linked_at=timezone.now())
    return refresh_person(person)


def merge_persons(keep: Person, other: Person, *, how: str = "merge",
                  match_probability=None) -> Person:
    """Move everything known about `other` to `keep` and delete `other`. The trail gets one
    `merge` entry naming both persons (and the match probability that led to it), and a
    `link` entry for each mention that moved."""
    if keep.pk == other.pk:
        return keep
    detail = {"how": how, "kept": keep.pk, "merged": other.pk}
    if match_probability is not None:
        detail["match_probability"] = float(match_probability)
    record(Action.MERGE, keep, detail={
        **detail, "mentions": sorted(other.mentions.values_list("pk", flat=True))})
    Mention.objects.filter(person=other).audit_as(Action.LINK, detail).update(person=keep)
    for model_ in (Position, OrganisationRole, AssetDeclarationNote):
        model_.objects.filter(person=other).update(person=keep)
    Relation.objects.filter(person=other).exclude(other=keep).update(person=keep)
    Relation.objects.filter(other=other).exclude(person=keep).update(other=keep)
    for appraisal in other.appraisals.all():
        appraisal.nominees.add(keep)
    keep.cccd, keep.cmnd = keep.cccd or other.cccd, keep.cmnd or other.cmnd
    keep.unit_id = keep.unit_id or other.unit_id
    other.delete()
    return refresh_person(keep)


# --- Full re-link ---------------------------------------------------------------------------

def _candidate_rows(linker, pairs: pd.DataFrame, labels: dict, decided: set, run) -> list:
    review = pairs[(pairs["match_probability"] >= model.REVIEW_PROBABILITY)
                   & (pairs["match_probability"] < model.AUTO_PROBABILITY)]
    out = []
    for row in review.to_dict("records"):
        a, b = row["unique_id_l"], row["unique_id_r"]
        if labels[a] == labels[b] or _pair(a, b) in decided:
            continue
        out.append(LinkCandidate(
            left_id=min(a, b), right_id=max(a, b), run=run,
            match_probability=float(row["match_probability"]),
            match_weight=float(row["match_weight"]),
            waterfall=model.waterfall(linker, row)))
    return out


# The steps of a re-link, stored as written and translated on the run's and the job's page.
SYNCING = gettext_noop("Mentions of the records")
READING = gettext_noop("Reading the mentions")
SCORING = gettext_noop("Scoring pairs (Splink)")
CLUSTERING = gettext_noop("Clustering")
ASSIGNING = gettext_noop("Assigning persons")
REVIEW_QUEUE = gettext_noop("Filling the review queue")


def full_relink(by=None) -> LinkRun:
    """Re-link every mention now, in this process, through the job runner (the job "relink",
    started by `by`; seeds and tests): the same job row, progress and audit as from the
    worker. Returns its run."""
    row = jobs.run("relink", by)
    return LinkRun.objects.select_related("job").get(job=row)


def relink(ctx) -> dict:
    """The job "relink": re-link every mention; progress goes to the job, the figures to the
    job's `LinkRun`. Cancel is honoured before each step that changes links (never inside
    one); a retry starts over, which is safe: everything is recomputed from the mentions and
    the officers' decisions, and the review queue is replaced whole."""
    run, _created = LinkRun.objects.get_or_create(job=ctx.job)
    ctx.set_total(100, SYNCING)
    with ctx.chunk(5, READING):
        mention_sync.sync_all()
    ctx.check_cancel()
    df = mention_frame(Mention.objects.all())
    ids = df["unique_id"].tolist()
    run.mentions = len(ids)
    ctx.progress(15, SCORING)
    if not ids:
        pairs = pd.DataFrame(columns=["unique_id_l", "unique_id_r", "match_probability",
                                      "match_weight"])
        linker = None
    else:
        linker, result = engine.predict(df)
        pairs = result.as_pandas_dataframe()
    run.pairs = len(pairs)
    ctx.check_cancel()
    ctx.progress(60, CLUSTERING)
    together, apart = decided_pairs()
    # Likely pairs wait for an officer here (the review queue), never joined unasked.
    labels = engine.cluster(ids, pairs, together=together, apart=apart, uncontested=None,
                            lone=None)
    ctx.progress(75, ASSIGNING)
    with ctx.chunk(15, REVIEW_QUEUE):
        _assign(labels, probabilities=_best_probabilities(pairs, labels), run=run)
    with ctx.chunk(10):
        LinkCandidate.objects.filter(status=LinkStatus.PENDING).delete()
        candidates = (_candidate_rows(linker, pairs, labels, together | apart, run)
                      if linker else [])
        LinkCandidate.objects.bulk_create(candidates, ignore_conflicts=True)
        run.to_review = len(candidates)
        run.auto_links = int((pairs["match_probability"] >= model.AUTO_PROBABILITY).sum())
        run.persons = Person.objects.count()
        run.save()
    return {"run": run.pk, "mentions": run.mentions, "pairs": run.pairs,
            "auto_links": run.auto_links, "to_review": run.to_review, "persons": run.persons}


def _best_probabilities(pairs: pd.DataFrame, labels: dict) -> dict:
    """For each mention, the highest match probability to another mention of its cluster
    (what the trail records when the run links it)."""
    best: dict = {}
    if pairs is None or not len(pairs):
        return best
    for a, b, p in zip(pairs["unique_id_l"], pairs["unique_id_r"], pairs["match_probability"],
                       strict=True):
        if labels.get(a) is not None and labels.get(a) == labels.get(b):
            p = float(p)
            best[a] = max(best.get(a, 0.0), p)
            best[b] = max(best.get(b, 0.0), p)
    return best


@transaction.atomic
def _assign(labels: dict, probabilities: dict | None = None, run=None) -> None:
    """Give each cluster one person, keeping existing persons where they are. Each mention
    that moves is a `link` entry with its best match probability in the cluster."""
    probabilities = probabilities or {}
    how = {"how": "re-link", "run": run.pk if run is not None else None}
    current = dict(Mention.objects.values_list("pk", "person_id"))
    clusters = collections.defaultdict(list)
    for mention_id, label in labels.items():
        clusters[label].append(mention_id)
    taken: set[int] = set()
    touched: set[int] = set()
    moved = collections.defaultdict(set)  # former person -> persons its mentions went to
    order = sorted(clusters.values(), key=len, reverse=True)
    for members in order:
        votes = collections.Counter(current[m] for m in members if current.get(m))
        person_id = next((p for p, _ in votes.most_common() if p not in taken), None)
        if person_id is None:
            new = list(members)
            person = Person.objects.create(full_name="", unit_id=None)
            person_id = person.pk
        else:
            new = [m for m in members if current.get(m) != person_id]
        taken.add(person_id)
        if new:
            rows = {m: {"match_probability": probabilities[m]} for m in new
                    if m in probabilities}
            Mention.objects.filter(pk__in=new).audit_as(
                Action.LINK, {**how, "person": person_id}, rows).update(
                person_id=person_id, linked_at=timezone.now())
            touched.add(person_id)
            for m in new:
                if current.get(m):
                    touched.add(current[m])
                    moved[current[m]].add(person_id)
    # A person whose every mention went to one other person is the same person: merge, so
    # what was entered by hand about them (relations, roles, nominations) follows.
    for former, targets in moved.items():
        if len(targets) == 1 and not Mention.objects.filter(person_id=former).exists():
            keep = Person.objects.filter(pk=next(iter(targets))).first()
            other = Person.objects.filter(pk=former).first()
            if keep and other:
                merge_persons(keep, other, how="re-link")
                touched.discard(former)
    # Persons left without mentions who were only ever made by linking disappear; persons
    # entered by hand (nominees, relatives) stay.
    orphans = Person.objects.filter(pk__in=touched).annotate(n=Count("mentions")).filter(n=0)
    orphans.filter(relations_out=None, relations_in=None, org_roles=None, appraisals=None,
                   positions=None, asset_notes=None).delete()
    for person in Person.objects.filter(pk__in=touched):
        refresh_person(person)


# --- Incremental ----------------------------------------------------------------------------

def _tf_lookups(linker, df: pd.DataFrame) -> None:
    """Term frequencies of the values at hand, counted over the whole registry."""
    fields = {"name_ascii": "name_key", "given": "given_key"}
    counts = {}
    for column, field in fields.items():
        values = df[column].dropna().unique().tolist()
        counts[column] = dict(Mention.objects.filter(**{f"{field}__in": values})
                              .values_list(field).annotate(n=Count("id")).values_list(field, "n"))
    names = collections.Counter(
        Mention.objects.filter(name_key__in=df["name_ascii"].dropna().unique().tolist())
        .values_list("features__name", flat=True))
    counts["name"] = {v: names.get(v, 0) for v in df["name"].dropna().unique()}
    model.register_term_frequencies(linker, counts, Mention.objects.count())


def _registry_candidates(mention: Mention):
    """Linked mentions sharing a blocking key with `mention` (the blocking, done in SQL)."""
    q = Q(name_key=mention.name_key)
    if mention.cccd:
        q |= Q(cccd=mention.cccd)
    if mention.cmnd:
        q |= Q(cmnd=mention.cmnd)
    if mention.phone_key:
        q |= Q(phone_key=mention.phone_key)
    if mention.given_key and mention.birth_year:
        q |= Q(given_key=mention.given_key, birth_year=mention.birth_year)
    return Mention.objects.filter(q).exclude(pk=mention.pk).exclude(person=None)[:5000]


def score_against_registry(mention: Mention) -> list[dict]:
    """The registry's mentions that may be the same person, best first, with the waterfall."""
    registry = mention_frame(_registry_candidates(mention))
    if registry.empty:
        return []
    linker = model.linker(registry)
    new = model.frame([{**mention.features, "unique_id": mention.pk}])
    _tf_lookups(linker, pd.concat([registry, new]))
    threshold = _probability_to_weight(model.REVIEW_PROBABILITY)
    result = linker.inference.find_matches_to_new_records(
        new, blocking_rules=model.prediction_blocking_rules(),
        match_weight_threshold=threshold)
    rows = result.as_pandas_dataframe().to_dict("records")
    for row in rows:
        other = row["unique_id_l"] if row["unique_id_l"] != mention.pk else row["unique_id_r"]
        row["other"] = int(other)
        row["waterfall"] = model.waterfall(linker, row)
    rows.sort(key=lambda r: -r["match_probability"])
    return rows


def _probability_to_weight(p: float) -> float:
    import math

    return math.log2(p / (1 - p))


def link_mention(mention: Mention) -> Mention:
    """Link one new mention: to the best registry match above the automatic threshold, else
    to a new person, queuing a match between the thresholds for review."""
    together, apart = decided_pairs()
    matches = [r for r in score_against_registry(mention)
               if _pair(mention.pk, r["other"]) not in apart]
    persons = dict(Mention.objects.filter(pk__in=[r["other"] for r in matches])
                   .values_list("pk", "person_id"))
    apart_persons = {p for (a, b) in apart if mention.pk in (a, b)
                     for p in Mention.objects.filter(pk__in=(a, b)).exclude(pk=mention.pk)
                     .values_list("person_id", flat=True)}
    matches = [r for r in matches if persons.get(r["other"]) not in apart_persons]
    best = matches[0] if matches else None
    if best and best["match_probability"] >= model.AUTO_PROBABILITY:
        mention.person_id = persons[best["other"]]
        mention.link_probability = float(best["match_probability"])
        mention.linked_at = timezone.now()
        Mention.objects.filter(pk=mention.pk).audit_as(Action.LINK, {
            "how": "automatic", "person": mention.person_id,
            "match_probability": mention.link_probability, "matched_mention": best["other"]},
        ).update(person_id=mention.person_id, link_probability=mention.link_probability,
                 linked_at=mention.linked_at)
        refresh_person(mention.person)
        return mention
    new_person([mention], how="no match above the threshold" if best else "no match",
               match_probability=best["match_probability"] if best else None)
    mention.refresh_from_db()
    if best and best["match_probability"] >= model.REVIEW_PROBABILITY:
        left, right = _pair(best["other"], mention.pk)
        LinkCandidate.objects.update_or_create(
            left_id=left, right_id=right,
            defaults={"match_probability": float(best["match_probability"]),
                      "match_weight": float(best["match_weight"]),
                      "waterfall": best["waterfall"], "status": LinkStatus.PENDING})
    return mention


def link_mentions(ids) -> int:
    """Link the given mentions that are not linked yet (called after the record's commit)."""
    done = 0
    for mention in Mention.objects.filter(pk__in=ids, person=None).order_by("pk"):
        try:
            link_mention(mention)
            done += 1
        except Exception:  # noqa: BLE001 - a failed link leaves the mention for the next run
            log.exception("linking mention %s failed", mention.pk)
    return done

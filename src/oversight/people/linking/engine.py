"""Scoring and clustering, shared by the registry's runs, `oversight link` and the benchmark.

Splink scores the pairs; clustering is a union–find over the links above the automatic
threshold, strongest first, that never joins two mentions an officer has set apart.
"""

from __future__ import annotations

import pandas as pd

from oversight.people.linking import model
from oversight.people.normalise import features


def features_frame(records) -> pd.DataFrame:
    """records: dicts with unique_id, name, birth, id_number, phone, address."""
    rows = []
    for r in records:
        row = features(r.get("name"), r.get("birth"), r.get("id_number"), r.get("phone"),
                       r.get("address")).as_row()
        row["unique_id"] = r["unique_id"]
        rows.append(row)
    return model.frame(rows)


def predict(df: pd.DataFrame, threshold: float = model.REVIEW_PROBABILITY, linker=None,
            lean: bool = False, learn: bool = False):
    """(linker, scored pairs as a DataFrame) for every blocked pair at or above `threshold`;
    `lean`: only the pairs' ids and match probability (see model.settings_for); `learn`: m
    values learnt from `df` when it has model.LEARN_FROM_RECORDS records or more
    (model.learned_settings; a list linked once, not the registry, whose scores must not
    move from run to run)."""
    if linker is None:
        settings = (model.learned_settings(df, lean=lean)
                    if learn and len(df) >= model.LEARN_FROM_RECORDS
                    else model.settings_for(len(df), lean=lean))
        linker = model.linker(df, settings=settings)
    counts = {c: df[c].dropna().value_counts().to_dict() for c in model.TF_COLUMNS}
    model.register_term_frequencies(linker, counts, len(df))
    result = linker.inference.predict(threshold_match_probability=threshold)
    return linker, result


class Clusters:
    """Union–find with cannot-link constraints."""

    def __init__(self, ids, apart=()):
        self.parent = {i: i for i in ids}
        self.members = {i: {i} for i in ids}
        self.apart: dict = {}
        for a, b in apart:
            self.apart.setdefault(a, set()).add(b)
            self.apart.setdefault(b, set()).add(a)

    def find(self, x):
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a, b) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, big = (ra, rb) if len(self.members[ra]) < len(self.members[rb]) else (rb, ra)
        if self.apart:
            big_members = self.members[big]
            for m in self.members[small]:
                if self.apart.get(m, set()) & big_members:
                    return False
        self.parent[small] = big
        self.members[big] |= self.members.pop(small)
        return True

    def labels(self) -> dict:
        return {i: self.find(i) for i in self.parent}


# Two clusters joined by a likely (not certain) link are one person when each is the other's
# only likely match: nobody else in the list competes for either.
UNCONTESTED_PROBABILITY = 0.9
# A record still alone after that joins the cluster of its link at or above LONE_PROBABILITY
# when all its links that likely go to that one cluster: a thin record (a name and a year,
# nothing else) against a person's other records. A wrong join costs as many false pairs as
# the cluster has records and a right one gains as many true pairs, and such links are right
# three times in four or more (faker seed 7, 400,000 records: true share 0.76 at p 0.5–0.7,
# 0.88 at 0.7–0.8, 0.94 at 0.8–0.9); clusters of two or more are not joined this way (both
# sides' records are at stake, and on seed 7 it cost precision more than it gained recall).
LONE_PROBABILITY = 0.7


def cluster(ids, pairs: pd.DataFrame, threshold: float = model.AUTO_PROBABILITY,
            together=(), apart=(), uncontested: float | None = UNCONTESTED_PROBABILITY,
            lone: float | None = LONE_PROBABILITY) -> dict:
    """{id: cluster id} from scored pairs above `threshold`, plus pairs an officer accepted
    (`together`), never joining pairs an officer rejected (`apart`).

    Then, as a person reading the whole list would: two clusters linked by pairs at or above
    `uncontested` (but below `threshold`) are joined when each has no such link to any other
    cluster — 'Dương Thị Duyên, 1965' and 'Dương Thị Duyên, 31/01/1965, CCCD …' when no other
    Dương Thị Duyên of 1965 is in the list. None turns this off.

    Last, a record still alone is joined to the one cluster all its links at or above `lone`
    (but below `threshold`) go to (see LONE_PROBABILITY). None turns this off."""
    clusters = Clusters(ids, apart)
    for a, b in together:
        clusters.union(a, b)
    ordered = pairs.sort_values("match_probability", ascending=False, kind="stable")
    strong = ordered[ordered["match_probability"] >= threshold]
    for a, b in zip(strong["unique_id_l"].tolist(), strong["unique_id_r"].tolist(),
                    strict=True):
        clusters.union(a, b)
    if uncontested is not None and uncontested < threshold:
        likely = ordered[(ordered["match_probability"] >= uncontested)
                         & (ordered["match_probability"] < threshold)]
        rivals: dict = {}
        links = []
        for a, b in zip(likely["unique_id_l"].tolist(), likely["unique_id_r"].tolist(),
                        strict=True):
            ra, rb = clusters.find(a), clusters.find(b)
            if ra != rb:
                rivals.setdefault(ra, set()).add(rb)
                rivals.setdefault(rb, set()).add(ra)
                links.append((a, b, ra, rb))
        for a, b, ra, rb in links:
            if rivals[ra] == {rb} and rivals[rb] == {ra}:
                clusters.union(a, b)
    if lone is not None and lone < threshold:
        likely = ordered[(ordered["match_probability"] >= lone)
                         & (ordered["match_probability"] < threshold)]
        links_of: dict = {}  # a record alone: [(the other side's cluster, a, b)], best first
        for a, b in zip(likely["unique_id_l"].tolist(), likely["unique_id_r"].tolist(),
                        strict=True):
            ra, rb = clusters.find(a), clusters.find(b)
            if ra == rb:
                continue
            for alone, other in ((ra, rb), (rb, ra)):
                if len(clusters.members[alone]) == 1:
                    links_of.setdefault(alone, []).append((other, a, b))
        for links in links_of.values():
            if len({other for other, _a, _b in links}) == 1:
                _other, a, b = links[0]
                clusters.union(a, b)
    return clusters.labels()


def pairwise_scores(predicted: dict, truth: dict) -> dict:
    """Pairwise precision, recall and F1 of a clustering against the true clusters."""
    df = pd.DataFrame({"p": pd.Series(predicted), "t": pd.Series(truth)})

    def pairs(counts):
        return int((counts * (counts - 1) // 2).sum())

    tp = pairs(df.groupby(["p", "t"]).size())
    predicted_pairs = pairs(df.groupby("p").size())
    true_pairs = pairs(df.groupby("t").size())
    precision = tp / predicted_pairs if predicted_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": true_pairs,
            "predicted_pairs": predicted_pairs, "tp": tp}

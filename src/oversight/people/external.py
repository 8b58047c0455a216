"""Deduplicating an external list of persons (`oversight link`), optionally against the
registry: the list's records and the registry's mentions are linked together, so each cluster
of the list learns the person it belongs to."""

from __future__ import annotations

import csv
import io

from oversight.people.linking import engine
from oversight.people.linking.registry import mention_frame
from oversight.people.models import Mention

CSV_COLUMNS = ("record_id", "full_name", "date_of_birth", "id_number", "address", "phone")


class InputError(ValueError):
    pass


def read(stream) -> list[dict]:
    reader = csv.DictReader(stream)
    missing = set(CSV_COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise InputError(f"missing columns: {', '.join(sorted(missing))}")
    rows = [dict(r) for r in reader]
    ids = [r["record_id"] for r in rows]
    if len(set(ids)) != len(ids):
        raise InputError("record_id values must be unique")
    return rows


def link(rows: list[dict], against_registry: bool = False) -> list[dict]:
    """[{record_id, cluster_id[, person_id]}] in the input's order."""
    records = [{"unique_id": f"x{i}", "name": r["full_name"], "birth": r["date_of_birth"],
                "id_number": r["id_number"], "phone": r["phone"], "address": r["address"]}
               for i, r in enumerate(rows)]
    df = engine.features_frame(records)
    persons = {}
    if against_registry:
        import pandas as pd


        linked = Mention.objects.exclude(person=None)
        registry = mention_frame(linked)
        registry["unique_id"] = "m" + registry["unique_id"].astype(str)
        persons = {f"m{pk}": person for pk, person in linked.values_list("pk", "person_id")}
        df = pd.concat([df, registry], ignore_index=True)
    ids = df["unique_id"].tolist()
    if len(ids) > 1:
        # Clustering reads ids and probability; m learnt from the list (model.learned_settings).
        _linker, result = engine.predict(df, lean=True, learn=True)
        pairs = result.as_pandas_dataframe()
    else:
        import pandas as pd

        pairs = pd.DataFrame(columns=["unique_id_l", "unique_id_r", "match_probability"])
    labels = engine.cluster(ids, pairs)
    numbers: dict = {}
    out = []
    person_of_label: dict = {}
    for uid, person in persons.items():
        person_of_label.setdefault(labels[uid], person)
    for i, row in enumerate(rows):
        label = labels[f"x{i}"]
        numbers.setdefault(label, len(numbers) + 1)
        item = {"record_id": row["record_id"], "cluster_id": numbers[label]}
        if against_registry:
            item["person_id"] = person_of_label.get(label, "")
        out.append(item)
    return out


def write(result: list[dict], stream, against_registry: bool = False) -> None:
    fields = ["record_id", "cluster_id"] + (["person_id"] if against_registry else [])
    writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(result)


def link_text(text: str, against_registry: bool = False) -> str:
    out = io.StringIO()
    write(link(read(io.StringIO(text)), against_registry), out, against_registry)
    return out.getvalue()

"""The independent generator (people/synthetic_faker.py) makes what it says it makes."""

from oversight.people import synthetic_faker
from oversight.people.management.commands.bench_linking import class_recall


def test_deterministic_with_truth_and_every_error_class():
    rows = synthetic_faker.generate(2000, seed=11)
    assert rows == synthetic_faker.generate(2000, seed=11)
    assert len(rows) == 2000 and len({r["record_id"] for r in rows}) == 2000
    seen = {t for r in rows for t in r["tags"]}
    assert seen == set(synthetic_faker.CLASSES)
    by_person = {}
    for r in rows:
        by_person.setdefault(r["true_id"], []).append(r)
    assert max(len(v) for v in by_person.values()) > 1


def test_telex_and_abbreviations():
    assert synthetic_faker._telex("Nguyễn Văn Hùng") == "Nguyeenx Vawn Hungf"
    assert synthetic_faker._abbreviate("Thành phố Huế", "") == "TP.Huế"


def test_class_recall_counts_pairs_with_the_class():
    truth = {0: 1, 1: 1, 2: 1, 3: 2}
    tags = {0: ["name_space"], 1: [], 2: [], 3: []}
    labels = {0: "a", 1: "b", 2: "b", 3: "c"}  # record 0 left out of its person
    recall = class_recall(labels, truth, tags)
    assert recall["name_space"] == (0.0, 2) and recall["clean"] == (1.0, 1)

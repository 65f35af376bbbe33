"""Rebuild the anonymizer's bundled word lists (run by a developer, not at install time).

``python scripts/build_name_data.py`` writes two gzip'd text files into ``mailpub/data/``:

* ``names.txt.gz``: given names and surnames from Faker's person providers, all 80-odd
  locales (Faker is MIT-licensed; see mailpub/data/NOTICE.md), one folded name per line
  with its kind: ``g`` (given), ``s`` (surname) or ``gs`` (both), tab-separated.
* ``english.txt.gz``: the lower-case words of SCOWL's American English list as Debian ships
  it (package ``wamerican``: /usr/share/dict/american-english; a permissive licence, see
  NOTICE.md). It tells ordinary words ("will", "grace", "mark") from names.

Needs ``pip install faker`` and ``apt-get install wamerican``. The output is sorted and
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
    write(DATA / "names.txt.gz", [f"{n}\t{''.join(sorted(k))}" for n, k in sorted(names.items())])
    write(DATA / "english.txt.gz", english_words())


if __name__ == "__main__":
    main()

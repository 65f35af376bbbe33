"""Writing benchmarks/RESULTS.md: each scenario owns one ``## `` section."""

from __future__ import annotations

from pathlib import Path


def write_section(path: Path, heading: str, section: str) -> None:
    """Put ``section`` (starting with ``heading``) into RESULTS.md, replacing an older one."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# mailpub benchmark results\n"
    if heading in text:
        head, _, tail = text.partition(heading)
        rest = tail.split("\n## ", 1)
        text = head + (("## " + rest[1]) if len(rest) > 1 else "")
    path.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")

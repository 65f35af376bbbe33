"""``mailpub demo``: the whole job on bundled sample letters, no mail account.

Writes a small configuration into a scratch folder, imports the sample
letters from ``examples/``, and reports the drafts and one preview.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from mailpub.resources import bundled

DEMO_CONFIG = """\
# mailpub demo configuration (written by `mailpub demo`)
paths:
  drafts: drafts
  state: state
author:
  name: Boris
  addresses: [boris@example.org]
  urls: [https://example.org]
anonymize:
  phone_regions: [US, GB]
"""


def run_demo(directory: Path) -> Iterator[str]:
    from mailpub.config import load_config
    from mailpub.model import Outcome
    from mailpub.pipeline import import_paths
    from mailpub.review import list_drafts, open_state, preview

    directory.mkdir(parents=True, exist_ok=True)
    config_path = directory / "config.yaml"
    if not config_path.exists():
        config_path.write_text(DEMO_CONFIG, encoding="utf-8")
    cfg = load_config(config_path)
    letters = sorted(str(p) for p in bundled("examples").glob("*.eml"))
    yield f"demo folder: {directory.resolve()}"
    yield f"importing {len(letters)} sample letters"
    entries = import_paths(cfg, letters)
    for entry in entries:
        name = Path(entry.source).name
        yield f"  {entry.outcome:<11} {entry.draft_id or '-':<6} {name}"
    with open_state(cfg) as state:
        drafts = list_drafts(state)
        yield ""
        yield "drafts (mailpub list):"
        for info in drafts:
            yield f"  {info.row.id:<6} {info.row.status:<9} {info.row.title}"
        first = next((e.draft_id for e in entries if e.outcome == Outcome.DRAFTED), None)
        first = first or (drafts[0].row.id if drafts else None)
        if first:
            yield ""
            yield f"published form of {first} (mailpub preview {first}):"
            yield ""
            yield preview(cfg, state, first).rstrip("\n")
    yield ""
    yield f"try: mailpub --config {config_path} show <ID>   (redactions and cuts)"

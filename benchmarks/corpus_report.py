"""The real-world corpus through ``mailpub import --json``: counts per outcome.

``python -m benchmarks.corpus_report [--write RESULTS.md]`` imports every file
listed in the ``PROFILE.json`` of each group A folder of ../shared/corpora
(about 309 files) with a real ``mailpub import --json`` child process, into a
scratch folder, then asks ``mailpub list --json`` and ``mailpub list --status
quarantined --json``. Files are only read as bytes: attachments are never
extracted and nothing in them is run (some are real spam).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SECTION = "## Real-world corpus (issue 7)"
GROUP_A = (
    "spamscope-mail-parser",
    "cpython-test-email",
    "mailgun-flanker",
    "mikel-mail",
    "zbateson-mail-mime-parser",
    "php-mime-mail-parser",
)


def default_corpora() -> Path:
    env = os.environ.get("MAILPUB_CORPORA")
    return Path(env) if env else ROOT.parent / "shared" / "corpora"


def group_a_files(corpora: Path) -> list[Path]:
    """Every file named as a key of ``files`` in each group A ``PROFILE.json``."""
    files: list[Path] = []
    for source in GROUP_A:
        profile = json.loads((corpora / source / "PROFILE.json").read_text("utf-8"))
        files.extend(corpora / source / name for name in profile["files"])
    return files


def _mailpub(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MAILPUB_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "mailpub", "--config", str(config), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def run_corpus(corpora: Path, work: Path) -> dict[str, Any]:
    """Import the group A corpus into ``work``; return the entries and the checks' inputs.

    Keys: ``files`` (inputs), ``entries`` (the import's JSON), ``code``,
    ``stderr``, ``seconds``, ``listed`` (list --json), ``quarantined``
    (list --status quarantined --json), ``counts`` (per outcome),
    ``reasons`` (quarantine/skip reason → count).
    """
    files = group_a_files(corpora)
    config = work / "config.yaml"
    config.write_text(
        "paths:\n  drafts: drafts\n  state: state\n"
        "author:\n  name: Boris\n  addresses: [boris@example.org]\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    done = _mailpub(config, "import", "--json", *map(str, files))
    seconds = time.perf_counter() - started
    entries: list[dict[str, Any]] = json.loads(done.stdout) if done.stdout.strip() else []
    listed = json.loads(_mailpub(config, "list", "--json").stdout)
    quarantined = json.loads(_mailpub(config, "list", "--status", "quarantined", "--json").stdout)
    reasons = Counter(
        f"{e['outcome']}: {_reason_kind(e['reason'])}"
        for e in entries
        if e["outcome"] in ("skipped", "quarantined")
    )
    return {
        "files": [str(f) for f in files],
        "entries": entries,
        "code": done.returncode,
        "stderr": done.stderr,
        "seconds": seconds,
        "listed": listed,
        "quarantined": quarantined,
        "counts": dict(Counter(e["outcome"] for e in entries)),
        "reasons": dict(reasons.most_common()),
    }


def _reason_kind(reason: str | None) -> str:
    """A reason without its variable part (sizes, header values)."""
    text = reason or "(none)"
    return text.split(" (")[0].split(";")[0]


def source_file(source: str) -> str:
    """The input file an entry came from (``path#N`` → ``path``)."""
    base, sep, number = source.rpartition("#")
    return base if sep and number.isdigit() else source


def corpus_section(result: dict[str, Any]) -> str:
    """The RESULTS.md section for one :func:`run_corpus` result."""
    entries = result["entries"]
    counts = result["counts"]
    inputs = len(result["files"])
    covered = len({source_file(e["source"]) for e in entries})
    multi = Counter(source_file(e["source"]) for e in entries)
    extra = sum(n - 1 for n in multi.values())
    lines = [
        SECTION,
        "",
        f"`mailpub import --json` over the {inputs} files listed in the `PROFILE.json` of the six"
        " group A folders of ../shared/corpora, one child process, default configuration"
        f" (NER on): {len(entries)} messages in {result['seconds']:.1f} s, exit code"
        f" {result['code']} (3: some quarantined). Input files with an entry: {covered} of"
        f" {inputs} (mbox files give {extra} extra entries); tracebacks on stderr:"
        f" {result['stderr'].count('Traceback')}.",
        "",
        "| outcome | messages |",
        "| --- | --- |",
        *(
            f"| {o} | {counts.get(o, 0)} |"
            for o in ("drafted", "duplicate", "skipped", "quarantined")
        ),
        "",
        f"`mailpub list` shows {len(result['listed'])} drafts (= drafted);"
        f" `mailpub list --status quarantined` shows {len(result['quarantined'])} letters.",
        "",
        "| reason | messages |",
        "| --- | --- |",
        *(f"| {k} | {v} |" for k, v in result["reasons"].items()),
        "",
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    """Put the corpus section into RESULTS.md, replacing an older one."""
    from benchmarks.results import write_section as put

    put(path, SECTION, section)


def bench_corpus(output: Path | None = None, corpora: Path | None = None) -> str | None:
    """Run the corpus and (with ``output``) write its section; None without the corpora."""
    corpora = corpora or default_corpora()
    if not corpora.is_dir():
        return None
    with tempfile.TemporaryDirectory(prefix="mailpub-corpus-") as tmp:
        section = corpus_section(run_corpus(corpora, Path(tmp)))
    if output is not None:
        write_section(output, section)
    return section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=None)
    parser.add_argument("--write", type=Path, help="also write the section into this file")
    args = parser.parse_args()
    section = bench_corpus(args.write, args.corpora)
    print(section if section is not None else "corpora not found (set MAILPUB_CORPORA)")


if __name__ == "__main__":
    main()

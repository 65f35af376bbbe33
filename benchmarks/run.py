"""The one benchmark harness: ``python benchmarks/run.py [--letters N]``.

Scenarios (later issues add theirs):

* import: N letters of 150–400 words (some HTML, some with attachments)
  imported end to end from a Maildir by a child ``mailpub import`` process:
  letters per second and the child's peak resident memory;
* start-up: time of ``mailpub list`` (a command that needs no heavy library);
* cleaning accuracy per group B source of ../shared/corpora.

Writes ``benchmarks/RESULTS.md`` with the machine's description and the date.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.letters import letter  # noqa: E402


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"{mem_gib:.0f} GiB RAM, Python {platform.python_version()}"
    )


def mailpub_cmd() -> list[str]:
    return [sys.executable, "-m", "mailpub"]


def bench_import(count: int, work: Path) -> dict[str, float]:
    maildir = work / "maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    total_bytes = 0
    for i in range(count):
        data = letter(i, html=(i % 10 == 3), attachment_bytes=200_000 if i % 25 == 7 else 0)
        (maildir / "new" / f"{i:06d}.bench").write_bytes(data)
        total_bytes += len(data)
    config = work / "config.yaml"
    config.write_text(
        "paths:\n  drafts: drafts\n  state: state\nauthor:\n  name: Boris\n", encoding="utf-8"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(
        [*mailpub_cmd(), "--config", str(config), "import", "--json", str(maildir)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode not in (0, 3):
        raise SystemExit(f"import failed ({result.returncode}): {result.stderr[-500:]}")
    entries = json.loads(result.stdout)
    outcomes: dict[str, int] = {}
    for entry in entries:
        outcomes[entry["outcome"]] = outcomes.get(entry["outcome"], 0) + 1
    return {
        "letters": count,
        "seconds": elapsed,
        "letters_per_second": count / elapsed,
        "peak_rss_mib": max(peak_kib, before) / 1024,
        "input_mib": total_bytes / 2**20,
        "outcomes": outcomes,  # type: ignore[dict-item]
    }


def bench_startup(work: Path, runs: int = 5) -> dict[str, float]:
    config = work / "config.yaml"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [*mailpub_cmd(), "--config", str(config), "list"],
            capture_output=True,
            check=True,
            cwd=ROOT,
        )
        times.append(time.perf_counter() - start)
    times.sort()
    return {"median_seconds": times[len(times) // 2], "min_seconds": times[0]}


def bench_cleaning() -> list[dict[str, object]] | None:
    corpora = Path(os.environ.get("MAILPUB_CORPORA", ROOT.parent / "shared" / "corpora"))
    if not corpora.is_dir():
        return None
    from benchmarks.cleaning_eval import evaluate

    return evaluate(corpora)


def write_results(path: Path, imp: dict, startup: dict, cleaning: list | None) -> str:  # type: ignore[type-arg]
    lines = [
        "# mailpub benchmark results",
        "",
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {machine()}",
        "- command: `python benchmarks/run.py`",
        "",
        "## Import (file intake, end to end)",
        "",
        f"{imp['letters']} letters of 150–400 words (10% HTML-only, 4% with a 200 kB attachment),"
        f" {imp['input_mib']:.1f} MiB, imported from a Maildir"
        " by one `mailpub import --json` process.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| wall time | {imp['seconds']:.1f} s |",
        f"| letters per second | {imp['letters_per_second']:.1f} |",
        f"| peak resident memory (import process) | {imp['peak_rss_mib']:.0f} MiB |",
        f"| outcomes | {', '.join(f'{k} {v}' for k, v in sorted(imp['outcomes'].items()))} |",
        "",
        "## Start-up",
        "",
        "| command | median | best |",
        "| --- | --- | --- |",
        f"| `mailpub list` | {startup['median_seconds']:.2f} s | {startup['min_seconds']:.2f} s |",
        "",
        "## Cleaning accuracy (group B reply/signature fixtures)",
        "",
    ]
    if cleaning is None:
        lines.append("Corpora not found (set MAILPUB_CORPORA); not measured.")
    else:
        lines += ["| source | cases | matched | share |", "| --- | --- | --- | --- |"]
        total = matched = 0
        for row in cleaning:
            cases, ok = int(row["cases"]), int(row["matched"])  # type: ignore[call-overload]
            total += cases
            matched += ok
            lines.append(f"| {row['source']} | {cases} | {ok} | {ok / max(cases, 1):.0%} |")
        lines.append(f"| **all** | {total} | {matched} | {matched / max(total, 1):.0%} |")
        lines += [
            "",
            "Sign-offs and mobile footers are removed from both sides before comparing"
            " (mailpub removes them; the upstream expectations keep them).",
        ]
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mailpub-bench-") as tmp:
        work = Path(tmp)
        imp = bench_import(args.letters, work)
        startup = bench_startup(work)
    cleaning = bench_cleaning()
    print(write_results(args.output, imp, startup, cleaning))


if __name__ == "__main__":
    main()

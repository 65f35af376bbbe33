"""The one benchmark harness: ``python benchmarks/run.py [--letters N]``.

Scenarios (later issues add theirs):

* import: N letters of 150–400 words (some HTML, some with attachments)
  imported end to end from a Maildir by a child ``mailpub import`` process:
  letters per second and the child's peak resident memory;
* start-up: time of ``mailpub list`` (a command that needs no heavy library);
* cleaning accuracy per group B source of ../shared/corpora;
* the real-world corpus (group A) through ``mailpub import``: counts per outcome
  (benchmarks/corpus_report.py);
* IMAP (a real Dovecot on loopback; ``--imap-only``, ``--imap-letters N``, ``--no-imap``):
  idle-poll bytes and time at 200 vs 4,000 messages, and a backlog drafted end to end
  by ``mailpub poll`` beside a plain imapclient batched fetch of the same messages.

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


def bench_startup(work: Path, runs: int = 5) -> dict[str, dict[str, float]]:
    """Wall time of ``mailpub list`` and ``mailpub status`` (on the imported drafts)."""
    config = work / "config.yaml"
    out = {}
    for command in ("list", "status"):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [*mailpub_cmd(), "--config", str(config), command],
                capture_output=True,
                check=False,
                cwd=ROOT,
            )
            times.append(time.perf_counter() - start)
        times.sort()
        out[command] = {"median_seconds": times[len(times) // 2], "min_seconds": times[0]}
    return out


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
        f"- load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        " (the machine is shared with other work)",
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
        *(
            f"| `mailpub {c}` | {t['median_seconds']:.2f} s | {t['min_seconds']:.2f} s |"
            for c, t in startup.items()
        ),
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


IMAP_SECTION = "## IMAP intake (real Dovecot on loopback)"


def bench_imap(  # type: ignore[type-arg]
    backlog: int, idle_sizes: tuple[int, ...] = (200, 4000), runs: int = 7
) -> dict:
    """Idle-poll cost at two folder sizes, and a backlog drafted end to end by
    ``mailpub.poll`` beside a plain imapclient batched fetch of the same messages.

    Starts its own Dovecot (tests/dovecot.py; needs root, dovecot-imapd, openssl)."""
    import statistics

    from benchmarks.backlog_bench import bench_backlog
    from mailpub.config import parse_config
    from mailpub.poll import poll
    from tests.dovecot import start_dovecot

    dv = start_dovecot(pool=4)
    out: dict[str, object] = {"backlog": backlog}
    try:
        with tempfile.TemporaryDirectory(prefix="mailpub-bench-imap-") as tmp:
            work = Path(tmp)

            def config(user: str, name: str, **extra: object) -> object:
                data = {
                    "paths": {"drafts": str(work / name / "drafts"), "state": str(work / name)},
                    "author": {"name": "Boris"},
                    "imap": {"host": "127.0.0.1", "port": dv.port, "security": "none",
                             "username": user, "password_env": "BENCH_PW"},
                    **extra,
                }  # fmt: skip
                return parse_config(data, base_dir=work, env={}, source=None)

            idle = {}
            for size in idle_sizes:
                user, password = dv.add_user()
                filler = [
                    b"From: r%d@example.net\r\nSubject: filler %d\r\nMessage-ID: <f%d@x>\r\n"
                    b"\r\nA short message body.\r\n" % (i, i, i)
                    for i in range(size)
                ]
                dv.append(user, filler)
                cfg = config(user, f"idle{size}", filters={"subject": "^never$"})
                env = {"BENCH_PW": password}
                first = poll(cfg, env=env)  # type: ignore[arg-type]
                assert len(first.entries) == size
                times, sizes, commands = [], [], []
                for _ in range(runs):
                    start = time.perf_counter()
                    result = poll(cfg, env=env)  # type: ignore[arg-type]
                    times.append(time.perf_counter() - start)
                    assert not result.entries
                    sizes.append(result.bytes_received)
                    commands.append(result.commands)
                idle[size] = {
                    "bytes": statistics.median(sizes),
                    "seconds": statistics.median(times),
                    "commands": max(commands),
                }
            out["idle"] = idle

            out.update(bench_backlog(dv, backlog))
    finally:
        dv.stop()
    return out


def imap_section(r: dict) -> str:  # type: ignore[type-arg]
    idle = r["idle"]
    small, big = sorted(idle)
    growth = idle[big]["bytes"] / idle[small]["bytes"] - 1
    lines = [
        IMAP_SECTION,
        "",
        "Dovecot 2.3 (maildir, fsync off) started by `tests/dovecot.py`, plain IMAP on"
        " 127.0.0.1; times include connecting and logging in.",
        "",
        "Idle poll (nothing new), median of 7, one `mailpub.poll.poll` call each:",
        "",
        "| messages in folder | bytes received | IMAP commands | wall time |",
        "| --- | --- | --- | --- |",
    ]
    for size in (small, big):
        cell = idle[size]
        ms = cell["seconds"] * 1000
        lines.append(f"| {size:,} | {cell['bytes']:.0f} | {cell['commands']} | {ms:.1f} ms |")
    lines += [
        "",
        f"Bytes received grow by {growth:+.1%} from {small:,} to {big:,} messages"
        " (the issue asks for less than 20%).",
        "",
        backlog_lines(r),
    ]
    return "\n".join(lines)


def backlog_lines(r: dict) -> str:  # type: ignore[type-arg]
    lb, anon = r["large_bytes"], r["anonymizer"]
    return "\n".join([
        f"Backlog: {r['backlog']:,} letters ({r['backlog_mib']:.0f} MiB: 150–400 words, 10%"
        f" HTML-only, 4% with a 200 kB attachment, {r['large']} with a 20 MiB attachment) in"
        " one folder:",
        "",
        "| what | wall time | letters per second |",
        "| --- | --- | --- |",
        "| plain imapclient, `UID FETCH BODY.PEEK[]` in batches of 100 (whole messages)"
        f" | {r['raw_fetch_seconds']:.2f} s | {r['raw_fetch_per_second']:,.0f} |",
        f"| anonymizer alone (`anonymize()` with NER, one call per letter, one core,"
        f" {anon['letters']} of the same letters) | – | {anon['per_second']:.1f} |",
        "| `mailpub poll` end to end, one child process and its worker pool (headers, bodies,"
        " parse, clean, anonymize, draft, fsync, state, keyword)"
        f" | {r['poll_seconds']:.1f} s | {r['poll_per_second']:,.1f} |",
        "",
        "Outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(r["poll_outcomes"].items())) + ".",
        f"Peak resident memory of `mailpub poll` and its children together (sampled every"
        f" 20 ms from /proc): {r['peak_rss_mib']:.0f} MiB over {r['peak_processes']} processes.",
        "",
        f"Large letters polled on their own ({lb['letters']} letters, {lb['stored_mib']:.0f} MiB"
        f" stored, {lb['drafted']} drafted): {lb['fetched']:,} bytes received for them (header"
        f" share of the batched header fetch, BODYSTRUCTURE, text parts) against"
        f" {lb['text_with_headers']:,} bytes of header and text parts as stored:"
        f" **{lb['ratio']:.2f}×** (worst letter {lb['ratio_worst']:.2f}×). Counting only the"
        f" structure and text-part fetch against the text bodies alone:"
        f" {lb['fetched_parts']:,} / {lb['text_bodies']:,} = {lb['ratio_bodies']:.2f}×.",
        "",
    ])  # fmt: skip


TARGETS_SECTION = "## Targets (issue 8)"


def targets_section(startup: dict, imap: dict | None, service: dict | None) -> str:  # type: ignore[type-arg]
    """Every target with met / not met and, when not met, the gap and its cause."""
    rows: list[tuple[str, str, str, bool | None, str]] = []

    def add(name: str, target: str, value: str, met: bool | None, why: str = "") -> None:
        rows.append((name, target, value, met, why))

    if imap is not None:
        rate = imap["poll_per_second"]
        add("backlog end to end", "≥ 50 letters/s", f"{rate:.1f} letters/s", rate >= 50,
            "" if rate >= 50 else BACKLOG_GAP.format(gap=50 - rate))
        lb = imap["large_bytes"]
        add("bytes fetched for a large letter", "≤ 1.2 × its text parts",
            f"{lb['ratio']:.2f}× (worst {lb['ratio_worst']:.2f}×)", lb["ratio_worst"] <= 1.2,
            "" if lb["ratio_worst"] <= 1.2 else "the BODYSTRUCTURE (about 300 bytes), the"
            " header fetch's framing and CRLF line ends weigh more than 20% of a short letter")
        peak = imap["peak_rss_mib"]
        add("peak memory, all mailpub processes, backlog", "≤ 400 MB",
            f"{peak * 2**20 / 1e6:.0f} MB ({peak:.0f} MiB)", peak * 2**20 / 1e6 <= 400,
            "" if peak * 2**20 / 1e6 <= 400 else "the recording process and the worker each hold"
            " spaCy and the model")
        idle = imap["idle"]
        small, big = sorted(idle)
        growth = idle[big]["bytes"] / idle[small]["bytes"] - 1
        add("idle-poll bytes, 200 vs 4,000 messages", "within 20%", f"{growth:+.1%}",
            abs(growth) <= 0.2)
    if service is not None:
        add("arrival to draft (IDLE), median", "≤ 1 s",
            f"{service['median']:.2f} s (p95 {service['p95']:.2f} s)", service["median"] <= 1)
    for command in ("list", "status"):
        value = startup[command]["median_seconds"]
        add(f"`mailpub {command}` start-up", "≤ 0.5 s", f"{value:.2f} s", value <= 0.5)
    lines = [TARGETS_SECTION, "", "| target | asked | measured | met | gap and cause |",
             "| --- | --- | --- | --- | --- |"]  # fmt: skip
    for name, target, value, met, why in rows:
        verdict = "met" if met else "**not met**"
        lines.append(f"| {name} | {target} | {value} | {verdict} | {why} |")
    return "\n".join(lines) + "\n"


BACKLOG_GAP = (
    "{gap:.1f} letters/s short. The NER model costs about 26 ms of CPU per 300-word letter;"
    " on two cores (one worker and the recording process sharing the letters) that alone caps"
    " the rate near 75/s, and the recording process adds three fsyncs per letter (draft file,"
    " its folder, one state commit: about 4 ms each on this disk) and the fetching."
    " The machine was shared with other test runs (load average in the header)."
)


def write_imap_section(path: Path, section: str) -> None:
    """Put the IMAP section into RESULTS.md, replacing an older one."""
    from benchmarks.results import write_section

    write_section(path, IMAP_SECTION, section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--imap-letters", type=int, default=2000, help="IMAP backlog size")
    parser.add_argument("--imap-only", action="store_true", help="only the IMAP scenario")
    parser.add_argument("--no-imap", action="store_true", help="skip the IMAP scenario")
    parser.add_argument("--service-only", action="store_true", help="only the service scenario")
    parser.add_argument("--no-service", action="store_true", help="skip the service scenario")
    parser.add_argument("--idle-seconds", type=float, default=60.0, help="service idle period")
    args = parser.parse_args()
    if args.service_only:
        run_service(args)
        return
    if args.imap_only:
        section = imap_section(bench_imap(args.imap_letters))
        write_imap_section(args.output, section)
        print(section)
        return
    with tempfile.TemporaryDirectory(prefix="mailpub-bench-") as tmp:
        work = Path(tmp)
        imp = bench_import(args.letters, work)
        startup = bench_startup(work)
    cleaning = bench_cleaning()
    print(write_results(args.output, imp, startup, cleaning))
    from benchmarks.anonymizer_eval import results_section, write_section

    anonymizer = results_section()
    write_section(args.output, anonymizer)
    print(anonymizer)
    from benchmarks.corpus_report import bench_corpus

    print(bench_corpus(args.output) or "corpus report skipped: no ../shared/corpora")
    imap = service = None
    if not args.no_imap:
        imap = bench_imap(args.imap_letters)
        section = imap_section(imap)
        write_imap_section(args.output, section)
        print(section)
    if not args.no_service:
        service = run_service(args)
    from benchmarks.service_bench import write_section as put_section

    targets = targets_section(startup, imap, service)
    put_section(args.output, TARGETS_SECTION, targets)
    print(targets)


def run_service(args: argparse.Namespace) -> dict:  # type: ignore[type-arg]
    from benchmarks.service_bench import SECTION, bench_service, service_section, write_section

    result = bench_service(idle_seconds=args.idle_seconds)
    section = service_section(result)
    write_section(args.output, SECTION, section)
    print(section)
    return result


if __name__ == "__main__":
    main()

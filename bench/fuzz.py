"""A fuzz campaign over every parser of outside bytes, with structure-aware mutation.

Each target (``bench/fuzz_targets``) starts from valid inputs made by the
project's own encoders (the synthetic card's files, a sealed envelope, the
shipped catalog, notices and example configuration, a bundle as ``kiosk queue
export`` writes it) and mutates them with a mutator that knows the format: BER
elements changed deep in the tree with every enclosing length re-computed, one
JSON node changed and the document serialised again, a tar member or header
changed with its checksum right, text changed field by field. Inputs that end
in a new outcome (a typed error with a message not seen before) join the
corpus, a cheap stand-in for coverage feedback.

An exception the target's parser documents (its typed error) is the parser
doing its job; anything else is a failure, deduplicated by exception type and
the innermost project frame, minimised, and written to ``--findings``. Every
input is timed; the goal is none slower than 100 ms.

    .venv/bin/python bench/fuzz.py --inputs 1000000 [--seconds 600] [--target dg13,sod]

``--inputs`` and ``--seconds`` are totals shared equally by the targets; a target
stops at whichever it reaches first. The figures per target: inputs tried, inputs
per second, distinct failures, inputs over 100 ms and the slowest input (each
re-timed: the best of three runs, so a scheduler pause on a machine shared with
other work is not blamed on the parser). Inputs are cut at ``--max-len`` (256 KiB):
past that, time grows with size alone (the catalog reads ~10 MB/s).
"""

# ruff: noqa: S311 - seeded, reproducible inputs; nothing here is a secret

from __future__ import annotations

import argparse
import contextlib
import gc
import math
import random
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fuzz_targets.base import Target  # noqa: E402

SLOW_S = 0.100
_CORPUS_MAX = 400
_PROJECT = ("kiosk", "drivers", "center", "offline_queue")


@dataclass
class Failure:
    """One distinct failure: its signature, the first input that showed it, how often."""

    signature: str
    data: bytes
    detail: str
    count: int = 1


@dataclass
class Report:
    name: str
    inputs: int = 0
    seconds: float = 0.0
    slow: int = 0
    slowest: float = 0.0
    slowest_input: bytes = b""
    failures: dict[str, Failure] = field(default_factory=dict)


def signature_of(exc: BaseException) -> str:
    """Exception type + the innermost frame in the project's own code (not the bench)."""
    frames = traceback.extract_tb(exc.__traceback__)
    place = "?"
    for frame in frames:
        relative = Path(frame.filename).resolve()
        try:
            parts = relative.relative_to(ROOT).parts
        except ValueError:
            continue
        if parts and parts[0] in _PROJECT:
            place = f"{'/'.join(parts)}:{frame.lineno} {frame.name}"
    return f"{type(exc).__name__} at {place}"


def outcome(target: Target, data: bytes) -> str | None:
    """``None`` if the input passed or raised a typed error; else the failure's signature."""
    try:
        target.run(data)
    except target.expected:
        return None
    except RecursionError as exc:
        return signature_of(exc)
    except Exception as exc:
        return signature_of(exc)
    return None


def _novelty(target: Target, data: bytes) -> str:
    """What an input led to, coarsely: the typed error's type and the start of its message."""
    try:
        target.run(data)
    except target.expected as exc:
        return f"{type(exc).__name__}:{''.join(c for c in str(exc)[:48] if not c.isdigit())}"
    except Exception as exc:
        return f"!{type(exc).__name__}"
    return "ok"


def minimise(target: Target, data: bytes, signature: str, budget_s: float = 10.0) -> bytes:
    """Delta debugging: drop chunks while the same failure remains (bounded in time)."""
    end = time.monotonic() + budget_s
    best = data
    chunk = max(1, len(best) // 2)
    while chunk >= 1 and time.monotonic() < end:
        at = 0
        shrunk = False
        while at < len(best) and time.monotonic() < end:
            candidate = best[:at] + best[at + chunk :]
            if candidate != best and outcome(target, candidate) == signature:
                best = candidate
                shrunk = True
            else:
                at += chunk
        if not shrunk:
            chunk //= 2
    return best


def timed(run: Callable[[bytes], object], data: bytes) -> float:
    start = time.perf_counter()
    with contextlib.suppress(Exception):  # only the time matters here
        run(data)
    return time.perf_counter() - start


def fuzz(target: Target, inputs: int, seconds: float, rng: random.Random, max_len: int) -> Report:
    report = Report(target.name)
    corpus = list(target.seeds)
    seen: set[str] = set()
    for seed in target.seeds:  # warm caches and imports; seeds must pass
        seen.add(_novelty(target, seed))
    deadline = time.monotonic() + seconds
    began = time.perf_counter()
    while report.inputs < inputs and (report.inputs % 64 or time.monotonic() < deadline):
        parent = rng.choice(corpus)
        data = target.mutate(rng, parent, corpus)
        if len(data) > max_len:  # as libFuzzer's -max_len: size alone only measures throughput
            data = data[:max_len]
        start = time.perf_counter()
        kind = "ok"
        try:
            target.run(data)
        except target.expected as exc:
            kind = f"{type(exc).__name__}:{''.join(c for c in str(exc)[:48] if not c.isdigit())}"
        except Exception as exc:
            kind = "!"
            _record(report, signature_of(exc), data, exc)
        elapsed = time.perf_counter() - start
        report.inputs += 1
        if elapsed > SLOW_S:  # a scheduler pause on a shared machine is no slow input
            elapsed = min(elapsed, *(timed(target.run, data) for _ in range(2)))
            report.slow += elapsed > SLOW_S
        if elapsed > report.slowest:
            report.slowest, report.slowest_input = elapsed, data
        if kind not in seen and kind != "!":
            seen.add(kind)
            if len(corpus) < _CORPUS_MAX and len(data) < 1 << 20:
                corpus.append(data)
    report.seconds = time.perf_counter() - began
    if report.slowest_input:  # re-time: best of three
        report.slowest = min(timed(target.run, report.slowest_input) for _ in range(3))
    return report


def _record(report: Report, signature: str, data: bytes, exc: BaseException) -> None:
    found = report.failures.get(signature)
    if found is not None:
        found.count += 1
        if len(data) < len(found.data):
            found.data = data
        return
    detail = "".join(traceback.format_exception_only(exc)).strip()[:300]
    report.failures[signature] = Failure(signature, data, detail)


def all_targets() -> list[Target]:
    from fuzz_targets import card, center, files

    return card.targets() + files.targets() + center.targets()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, required=True, help="inputs in total")
    parser.add_argument("--seconds", type=float, default=math.inf, help="time budget in total")
    parser.add_argument("--target", default="", help="comma-separated target names (default all)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--max-len", type=int, default=256 * 1024, help="longest input tried (default 256 KiB)"
    )
    parser.add_argument("--findings", type=Path, default=Path("/tmp/fuzz-findings"))  # noqa: S108
    parser.add_argument("--list", action="store_true", help="list the targets and exit")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # a parser's warnings are not failures here; its errors are
    targets = all_targets()
    if args.list:
        print("\n".join(t.name for t in targets))
        return 0
    if args.target:
        wanted = set(args.target.split(","))
        unknown = wanted - {t.name for t in targets}
        if unknown:
            parser.error(f"unknown target(s): {', '.join(sorted(unknown))}")
        targets = [t for t in targets if t.name in wanted]
    per_inputs = math.ceil(args.inputs / len(targets))
    per_seconds = args.seconds / len(targets)
    rng = random.Random(args.seed)
    gc.freeze()  # the seeds and modules: full collections then skip them
    reports: list[Report] = []
    print(
        f"{'target':<20}{'inputs':>10}{'inputs/s':>10}{'failures':>9}{'>100ms':>8}"
        f"{'slowest ms':>11}"
    )
    for target in targets:
        report = fuzz(target, per_inputs, per_seconds, random.Random(rng.random()), args.max_len)
        reports.append(report)
        rate = report.inputs / report.seconds if report.seconds else 0.0
        print(
            f"{report.name:<20}{report.inputs:>10}{rate:>10.0f}{len(report.failures):>9}"
            f"{report.slow:>8}{report.slowest * 1000:>11.1f}",
            flush=True,
        )
    total = sum(r.inputs for r in reports)
    seconds = sum(r.seconds for r in reports)
    failures = sum(len(r.failures) for r in reports)
    worst = max(reports, key=lambda r: r.slowest)
    print(
        f"{'TOTAL':<20}{total:>10}{total / seconds:>10.0f}{failures:>9}"
        f"{sum(r.slow for r in reports):>8}{worst.slowest * 1000:>11.1f}"
    )
    print(
        f"slowest input: {worst.name}, {worst.slowest * 1000:.1f} ms (best of 3),"
        f" {len(worst.slowest_input)} bytes"
    )
    if failures or worst.slowest > SLOW_S:
        args.findings.mkdir(parents=True, exist_ok=True)
    for report in reports:
        if report.slowest > SLOW_S:
            path = args.findings / f"{report.name}-slowest.bin"
            path.write_bytes(report.slowest_input)
            print(f"SLOW {report.name}: {report.slowest * 1000:.1f} ms, input in {path}")
    for report in reports:
        target = next(t for t in targets if t.name == report.name)
        for number, failure in enumerate(report.failures.values()):
            small = minimise(target, failure.data, failure.signature)
            path = args.findings / f"{report.name}-{number}.bin"
            path.write_bytes(small)
            print(
                f"\nFAILURE {report.name}: {failure.signature} ({failure.count}x)\n"
                f"  {failure.detail}\n  minimised to {len(small)} bytes: {path}\n"
                f"  {small[:160]!r}"
            )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

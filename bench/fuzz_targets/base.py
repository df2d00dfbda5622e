"""What a fuzz target is: seeds, the call under test, and the errors it documents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fuzz_targets.mutators import Mutator


@dataclass
class Target:
    """One parser of outside bytes.

    ``run`` feeds it one input; an exception in ``expected`` is the parser doing
    its job (the typed error its docstring names), anything else is a failure.
    ``mutate`` makes the next input from a corpus entry.
    """

    name: str
    seeds: list[bytes]
    run: Callable[[bytes], object]
    expected: tuple[type[BaseException], ...]
    mutate: Mutator

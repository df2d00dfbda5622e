"""Which screen shows which journey step: capabilities register their screens here."""

from __future__ import annotations

from collections.abc import Callable

from ui.screens.base import Screen, ScreenContext

ScreenFactory = Callable[[ScreenContext], Screen]


class ScreenRegistry:
    """Maps a step id to the factory that builds its screen for one session."""

    def __init__(self) -> None:
        self._factories: dict[str, ScreenFactory] = {}

    def register(self, step: str, factory: ScreenFactory) -> None:
        if step in self._factories:
            raise ValueError(f"a screen is already registered for step {step!r}")
        self._factories[step] = factory

    def __contains__(self, step: object) -> bool:
        return step in self._factories

    def create(self, step: str, context: ScreenContext) -> Screen:
        try:
            factory = self._factories[step]
        except KeyError:
            raise LookupError(f"no screen registered for step {step!r}") from None
        return factory(context)

import pytest

from kiosk.journey import Journey


def test_after_walks_the_steps_in_order() -> None:
    journey = Journey.of(["overview", "identity", "receipt"])
    assert journey.first == "overview"
    assert journey.after("overview") == "identity"
    assert journey.after("receipt") is None
    assert journey.position("identity") == (2, 3)


@pytest.mark.parametrize("steps", [[], ["a", "a"], ["attract", "b"]])
def test_malformed_journeys_are_refused(steps: list[str]) -> None:
    with pytest.raises(ValueError):
        Journey.of(steps)

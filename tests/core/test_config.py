"""kiosk.toml: defaults work with no file, a bad file names the key and the fix."""

from pathlib import Path

import pytest

from kiosk.config import Config, load_config, parse_config
from kiosk.errors import ConfigError


def test_defaults_describe_the_demo() -> None:
    config = load_config(None)
    assert config.devices.card.transport == "simulator"
    assert config.devices.printer.transport == "simulator"
    assert config.center.url == "embedded"
    assert config.languages.default == "vi"


def test_a_full_production_file_is_read() -> None:
    config = parse_config(
        """
        [kiosk]
        id = "HN-BADINH-03"
        center_name = "Trung tâm Phục vụ hành chính công quận Ba Đình"
        [center]
        url = "https://center.example.invalid"
        [devices.card]
        transport = "pcsc"
        reader = "ACS"
        [devices.printer]
        transport = "network"
        uri = "tcp://192.0.2.10:9100"
        paper_width_mm = 58
        dots_per_line = 384
        [languages]
        offered = ["vi"]
        [timeouts]
        idle_warning_s = 120
        """
    )
    assert config.kiosk.id == "HN-BADINH-03"
    assert config.devices.card.transport == "pcsc"
    assert config.devices.printer.paper_width_mm == 58
    assert config.languages.offered == ["vi"]
    assert config.timeouts.idle_warning_s == 120
    assert config.timeouts.idle_countdown_s == Config().timeouts.idle_countdown_s


@pytest.mark.parametrize(("paper", "dots"), [(58, 384), (80, 576)])
def test_the_paper_width_alone_sets_the_raster_width(paper: int, dots: int) -> None:
    config = parse_config(f"[devices.printer]\npaper_width_mm = {paper}\n")
    assert config.devices.printer.dots_per_line == dots


def test_an_explicit_raster_width_wins_over_the_paper_width() -> None:
    config = parse_config("[devices.printer]\npaper_width_mm = 58\ndots_per_line = 420\n")
    assert config.devices.printer.dots_per_line == 420


@pytest.mark.parametrize(
    ("text", "key", "fix_words"),
    [
        ("[devices.card]\ntransport = 'nfc'\n", "devices.card.transport", "one of"),
        ("[timeouts]\nidle_warning_s = 3\n", "timeouts.idle_warning_s", "correct"),
        ("[kiosk]\nidd = 'x'\n", "kiosk.idd", "spelling"),
        ("[center]\nurl = 'ftp://x'\n", "center.url", "correct"),
        ("[kiosk]\nid = 'has space'\n", "kiosk.id", "correct"),
        ("[kiosk]\nid = '../x'\n", "kiosk.id", "correct"),
        ("[kiosk]\nagency_code = \"'; DROP\"\n", "kiosk.agency_code", "correct"),
        ("[kiosk]\nagency_code = '000.00.31.H2'\n", "kiosk.agency_code", "correct"),
        ("[languages]\noffered = []\n", "languages.offered", "correct"),
    ],
)
def test_a_bad_value_names_its_key_and_the_fix(text: str, key: str, fix_words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "kiosk.toml")
    assert caught.value.key == key
    assert key in str(caught.value)
    assert fix_words in caught.value.fix


def test_broken_toml_syntax_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        parse_config("[kiosk\nid = 1")


def test_a_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "absent.toml")
    assert "kiosk.example.toml" in caught.value.fix


def test_the_shipped_example_is_valid() -> None:
    example = Path(__file__).parents[2] / "kiosk.example.toml"
    config = load_config(example)
    assert config.devices.card.transport == "pcsc"


def test_state_dir_follows_systemd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATE_DIRECTORY", "/var/lib/kiosk")
    assert Config().paths.state_dir == Path("/var/lib/kiosk")

"""``--set name=value`` read in the core, typed by the story's variables, for both shells."""

from __future__ import annotations

import pytest

from game.core.diagnostics import StoryError
from game.core.model import Variable
from game.core.startvalues import parse_start_values

VARIABLES = {
    "courage": Variable("courage", "int", 0, minimum=0, maximum=3),
    "hurt": Variable("hurt", "bool", False),
    "name": Variable("name", "str", "Zsofi"),
}


def test_each_value_takes_its_variables_type() -> None:
    values = parse_start_values(VARIABLES, ["courage=2", " hurt = TRUE ", "name=Anna Kovács", "courage=-1"])
    assert values == {"courage": -1, "hurt": True, "name": "Anna Kovács"}  # the last one counts
    assert type(values["courage"]) is int and values["hurt"] is True


def test_text_keeps_its_equals_signs_and_may_be_empty() -> None:
    assert parse_start_values(VARIABLES, ["name=a=b", "hurt=false"]) == {"name": "a=b", "hurt": False}
    assert parse_start_values(VARIABLES, ["name="]) == {"name": ""}
    assert parse_start_values(VARIABLES, []) == {}


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("corage=1", "unknown variable 'corage'; did you mean 'courage'?"),
        ("xyz=1", "unknown variable 'xyz'"),
        ("courage=lots", "variable 'courage' is a number; 'lots' is not (write digits 0-9)"),
        ("courage=true", "variable 'courage' is a number; 'true' is not (write digits 0-9)"),
        ("hurt=1", "variable 'hurt' is true or false; '1' is neither"),
        ("courage", "--set takes name=value, not 'courage'"),
    ],
)
def test_a_bad_setting_says_which_and_why(setting: str, message: str) -> None:
    with pytest.raises(StoryError) as caught:
        parse_start_values(VARIABLES, ["hurt=true", setting])
    assert str(caught.value) == message


def test_the_message_names_the_option_the_player_typed() -> None:
    with pytest.raises(StoryError, match=r"^-s takes name=value, not 'courage'$"):
        parse_start_values(VARIABLES, ["courage"], option="-s")

"""Reading get_action inputs: the first request, results, refusals, and inputs of the wrong shape."""

from __future__ import annotations

import pytest

from aoi.env import NEXT_ACTION, next_input
from aoi.env.aiopslab import ObservationKind, read_observation
from aoi.env.errors import InvalidActionError, ResponseParsingError
from aoi.env.parser import FORMAT_ERROR, UNQUOTED_COMMAND


def test_the_bare_request_is_the_start():
    observation = read_observation(NEXT_ACTION)
    assert (observation.kind, observation.text, observation.malformed) == (ObservationKind.START, "", None)


@pytest.mark.parametrize("text", ["NAME  READY\npod-1  1/1", "", "\n", "[ERROR] Command execution failed: boom", "1"])
def test_a_result_is_the_text_before_the_request(text):
    observation = read_observation(next_input(text))
    assert (observation.kind, observation.text, observation.malformed) == (ObservationKind.RESULT, text, None)


@pytest.mark.parametrize("refusal", [
    str(ResponseParsingError(FORMAT_ERROR)), str(ResponseParsingError(UNQUOTED_COMMAND)),
    str(InvalidActionError("kubectl")),
])
def test_the_orchestrators_refusals_are_recognised(refusal):
    observation = read_observation(next_input(refusal))
    assert (observation.kind, observation.text) == (ObservationKind.REFUSED, refusal)


@pytest.mark.parametrize(("raw", "text", "why"), [
    ("pods listed", "pods listed", "no 'Please take the next action' at the end"),
    (None, "", "expected a str, got NoneType"),
    (42, "42", "expected a str, got int"),
    (f"out\n{NEXT_ACTION}\n\n", "out", None),  # trailing whitespace after the request is tolerated
])
def test_odd_inputs_are_read_not_rejected(raw, text, why):
    observation = read_observation(raw)
    assert (observation.kind, observation.text, observation.malformed) == (ObservationKind.RESULT, text, why)

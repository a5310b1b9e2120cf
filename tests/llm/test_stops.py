"""`ReplyEnd`: where a growing reply ends (stop strings, one JSON value); no model needed."""

from __future__ import annotations

import doctest

import pytest

from aoi.llm import _stops
from aoi.llm._stops import ReplyEnd, strip_empty_think


def grow(end: ReplyEnd, text: str, step: int = 3) -> int | None:
    """Feed ``text`` as a model would produce it, a few characters at a time; the end found."""
    for i in range(step, len(text) + step, step):
        found = end.feed(text[:i])
        if found is not None:
            assert i >= found  # the end is never past what has been seen
            return found
    return None


def test_doctest():
    assert doctest.testmod(_stops).failed == 0


def test_the_first_stop_string_ends_the_reply_even_across_feeds():
    text = "a b\nObservation: c END d"
    assert text[: grow(ReplyEnd(["END", "\nObservation:"]), text)] == "a b"
    assert grow(ReplyEnd(["zzz"]), text) is None
    assert ReplyEnd().feed(text) is None


@pytest.mark.parametrize(("reply", "kept"), [
    ('{"a": 1} and more', '{"a": 1}'),
    ('["kubectl get pods", "kubectl get svc"]\nthanks', '["kubectl get pods", "kubectl get svc"]'),
    ('Here: {"s": "a } ] \\" {", "n": {"m": [1, {"k": null}]}} tail', 'Here: {"s": "a } ] \\" {", "n": {"m": [1, {"k": null}]}}'),
    ('use {namespace} then {"ok": true} rest', 'use {namespace} then {"ok": true}'),  # prose braces do not parse
    ("it's {'single': True} quoted", None),  # not JSON: the model goes on until its own end
    ('<think>maybe {"no": 1}</think>\n{"yes": 2} x', '<think>maybe {"no": 1}</think>\n{"yes": 2}'),
    ('{"open": [1, 2', None),
])  # fmt: skip
def test_the_json_stop_ends_after_the_first_complete_value(reply, kept):
    end = grow(ReplyEnd(json_value=True), reply)
    assert (None if end is None else reply[:end]) == kept


def test_an_unfinished_think_block_or_its_prefix_holds_the_json_stop_back():
    end = ReplyEnd(json_value=True)
    assert end.feed("<thi") is None and end.feed('<think>{"a": 1}') is None
    assert end.feed('<think>{"a": 1}</think>{"b": 2}') == len('<think>{"a": 1}</think>{"b": 2}')


def test_a_half_decoded_character_is_not_read_yet():
    end = ReplyEnd(json_value=True)
    assert end.feed('{"a": "x"\ufffd') is None  # the bytes of one character, still incomplete
    assert end.feed('{"a": "x"}') == len('{"a": "x"}')


def test_the_earliest_end_wins():
    reply = '{"a": 1} STOP'
    assert ReplyEnd(["STOP"], json_value=True).feed(reply) == len('{"a": 1}')
    assert ReplyEnd(["a"], json_value=True).feed(reply) == reply.index("a")


def test_strip_empty_think():
    assert strip_empty_think("<think>\n\n</think>\n\nanswer") == "answer"
    assert strip_empty_think("<think>reasoning</think>answer") == "<think>reasoning</think>answer"
    assert strip_empty_think("answer <think></think>") == "answer <think></think>"

"""`extract_json`: the damage models do to JSON, and what cannot be saved."""

from __future__ import annotations

import pytest

from aoi.agents.llm_observer import JSONExtractionError, extract_json

CASES = {
    "plain": ('{"a": 1}', {"a": 1}),
    "code fence": ('```json\n{"a": 1}\n```', {"a": 1}),
    "fence without tag, prose around": ('Here you go:\n```\n{"a": [1, 2]}\n```\nDone.', {"a": [1, 2]}),
    "prose around, no fence": ('I think {"a": "b"} is right.', {"a": "b"}),
    "trailing commas": ('{"a": [1, 2,], "b": {"c": 3,},}', {"a": [1, 2], "b": {"c": 3}}),
    "single quotes": ("{'a': 'x', 'b': 'say \"hi\"'}", {"a": "x", "b": 'say "hi"'}),
    "escaped single quote": ("{'a': 'it\\'s'}", {"a": "it's"}),
    "python literals": ("{'a': True, 'b': False, 'c': None}", {"a": True, "b": False, "c": None}),
    "literal words inside strings untouched": (
        '{"a": "None of the pods are True"}',
        {"a": "None of the pods are True"},
    ),
    "raw newline in a string": ('{"a": "line 1\nline 2"}', {"a": "line 1\nline 2"}),
    "comment": ('{"a": 1, // the count\n "b": 2}', {"a": 1, "b": 2}),
    "truncated in a string": ('{"a": {"b": "cut of', {"a": {"b": "cut of"}}),
    "truncated after a key": ('{"a": 1, "b"', {"a": 1, "b": None}),
    "truncated after a colon": ('{"a": 1, "b": ', {"a": 1, "b": None}),
    "truncated after a comma": ('{"a": [1, 2, ', {"a": [1, 2]}),
    "brace in prose first": ('Use {namespace} then {"a": 1}', {"a": 1}),
    "thinking block": ('<think>maybe {"a": 0}</think>{"a": 2}', {"a": 2}),
    "unclosed fence": ('```json\n{"a": 1}', {"a": 1}),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_repairs(text, expected):
    assert extract_json(text) == expected


def test_lists():
    assert extract_json("```\n['kubectl get pods', \"kubectl get svc\",]\n```", expect=list) == [
        "kubectl get pods",
        "kubectl get svc",
    ]


@pytest.mark.parametrize("text", ["", "no json here", "[1, 2]", "{ oops", '{"a": é, "b": 1'])
def test_hopeless_replies_raise_a_one_line_error(text):
    with pytest.raises(JSONExtractionError, match="expected one JSON dict") as caught:
        extract_json(text)
    assert "\n" not in str(caught.value)

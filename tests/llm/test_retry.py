"""Back-off arithmetic and Retry-After parsing, without a network."""

from __future__ import annotations

from itertools import islice

import pytest

from aoi.llm import Backoff, retry_after_seconds


def test_waits_grow_exponentially_up_to_the_cap():
    assert list(islice(Backoff(initial_s=1, factor=3, max_s=10, jitter=0).waits(), 4)) == [1, 3, 9, 10]


def test_jitter_stays_in_its_band_and_repeats_for_a_seed():
    backoff = Backoff(initial_s=2, factor=1, jitter=0.25, seed=7)
    waits = list(islice(backoff.waits(), 20))
    assert all(1.5 <= w <= 2.5 for w in waits)
    assert waits == list(islice(backoff.waits(), 20))


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:10 GMT"}, 10.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
        (None, None),
    ],
)
def test_retry_after(headers, expected):
    now = 1445412480.0  # 2015-10-21 07:28:00 UTC
    assert retry_after_seconds(headers, now=now) == expected


def test_server_wait_replaces_the_computed_one_within_the_cap():
    backoff = Backoff(retry_after_max_s=5)
    assert backoff.wait_for(1.0, None) == 1.0
    assert backoff.wait_for(1.0, 3.0) == 3.0
    assert backoff.wait_for(1.0, 30.0) == 5.0
    assert backoff.wait_for(1.0, -2.0) == 0.0

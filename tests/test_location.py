"""Locations from raw location strings (all strings are real Ashby values)."""

import pytest

from analysis.location import Location, parse_locations


def _fields(places):
    return [(p.city, p.region, p.country, p.workplace_type, p.remote_scope)
            for p in places]


@pytest.mark.parametrize("raw, expected", [
    ("Remote (United States | Canada)",
     [(None, None, "US", "remote", "US"), (None, None, "CA", "remote", "CA")]),
    ("San Francisco, CA", [("San Francisco", "CA", "US", None, None)]),
    ("New York City; Remote - US",
     [("New York", "NY", "US", None, None), (None, None, "US", "remote", "US")]),
    ("London, UK", [("London", None, "GB", None, None)]),
    ("Hybrid - Berlin", [("Berlin", None, "DE", "hybrid", None)]),
    ("EMEA", [(None, None, None, "remote", "EMEA")]),
    ("Remote - EMEA", [(None, None, None, "remote", "EMEA")]),
    ("Remote, Europe", [(None, None, None, "remote", "Europe")]),
    ("Remote U.S.", [(None, None, "US", "remote", "US")]),
    ("USA - Remote", [(None, None, "US", "remote", "US")]),
    ("San Francisco-Hybrid", [("San Francisco", "CA", "US", "hybrid", None)]),
    ("London, UK (hybrid)", [("London", None, "GB", "hybrid", None)]),
    ("Foster City, CA (Hybrid) In office M,W,F",
     [("Foster City", "CA", "US", "hybrid", None)]),
    ("India - Bengaluru", [("Bengaluru", None, "IN", None, None)]),
    ("Toronto, ON", [("Toronto", "ON", "CA", None, None)]),
    ("Atlanta, Georgia", [("Atlanta", "GA", "US", None, None)]),
    ("Washington, D.C.", [("Washington", "DC", "US", None, None)]),
    ("New York, New York", [("New York", "NY", "US", None, None)]),
    ("Melbourne HQ or Sydney",
     [("Melbourne", None, "AU", None, None), ("Sydney", None, "AU", None, None)]),
    ("Anywhere in France, Belgium, Spain",
     [(None, None, "FR", "remote", "FR"), (None, None, "BE", "remote", "BE"),
      (None, None, "ES", "remote", "ES")]),
    ("Remote", [(None, None, None, "remote", None)]),
    ("Berlin Office", [("Berlin", None, "DE", None, None)]),
])
def test_real_location_strings(raw, expected):
    assert _fields(parse_locations([raw])) == expected


def test_unknown_place_is_dropped():
    assert parse_locations(["Neo Gulf Canada Square"]) == []


def test_workplace_hint_fills_a_missing_arrangement():
    [place] = parse_locations(["San Francisco"], workplace_hint="hybrid")
    assert place == Location("San Francisco", "CA", "US", "hybrid", None,
                             "San Francisco")


def test_text_gives_arrangement_only_when_clear():
    [place] = parse_locations(["United States"], text="This is a fully remote role.")
    assert (place.workplace_type, place.remote_scope) == ("remote", "US")
    [place] = parse_locations(["United States"], text="Remote controls for TVs.")
    assert place.workplace_type is None


def test_several_strings_keep_order_without_repeats():
    places = parse_locations(["New York City", "NYC", "London"])
    assert [p.city for p in places] == ["New York", "New York", "London"]
    assert len(parse_locations(["Paris", "Paris"])) == 1

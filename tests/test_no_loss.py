"""Nothing lost, shown: every event, topic, heading, link and image of the source is on the site.

The counts are printed (also without -s) so that CI logs show them."""

from __future__ import annotations

import sys

import pytest

from conftest import PROJECT, SEED_CONTENT, FixtureSite
from inventory import KINDS, take_inventory

sys.path.insert(0, str(PROJECT / "bench"))
from scale import generate


def report(capsys, line: str) -> None:
    with capsys.disabled():
        print(f"\n{line}")


def test_every_item_of_the_seed_content_is_on_the_site(built_site, capsys):
    inventory = take_inventory(SEED_CONTENT, built_site)
    report(capsys, inventory.summary("seed content"))
    assert inventory.missing == []
    assert (inventory.total["events"], inventory.total["topics"]) == (7, 83)


@pytest.mark.e2e
@pytest.mark.slow
def test_every_item_of_100_synthetic_events_is_on_the_site(fixture_site: FixtureSite, capsys):
    events = generate(fixture_site.content, topic_count=10**6, max_events=100)
    assert events == 100
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    inventory = take_inventory(fixture_site.content, fixture_site.site_dir)
    report(capsys, inventory.summary("100 synthetic events"))
    assert inventory.missing == []
    assert inventory.total["events"] == 100
    assert all(inventory.total[kind] > 0 for kind in KINDS)

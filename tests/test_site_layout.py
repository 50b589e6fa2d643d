"""Clean URLs, the generated navigation and the redirects from the original repository's paths."""

from __future__ import annotations

from pathlib import Path

from conftest import event_readme
from wrapup.model.addresses import destination
from wrapup.model.events import load_catalogue
from wrapup.pages.event_page import unlinked_documents
from wrapup.pages.site_map import (
    navigation,
    redirect_page,
    redirects,
)


def catalogue_with(tmp_path: Path, events: dict[str, dict[str, str]]):
    for folder, files in events.items():
        for name, text in files.items():
            path = tmp_path / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    assert catalogue.errors == []
    return catalogue


def test_event_files_get_clean_urls():
    assert destination("2023-05_Leverkusen", "README.md") == "2023-05-leverkusen/index.html"
    assert (
        destination("2023-05_Leverkusen", "gardener-node-agent/readme.md")
        == "2023-05-leverkusen/gardener-node-agent/index.html"
    )
    assert (
        destination("2023-05_Leverkusen", "masterful-shoot/summary.md")
        == "2023-05-leverkusen/masterful-shoot/summary/index.html"
    )
    assert (
        destination("2023-05_Leverkusen", "gardener-node-agent/design.drawio.svg")
        == "2023-05-leverkusen/gardener-node-agent/design.drawio.svg"
    )


def test_nav_groups_events_by_year_newest_first_with_their_documents(tmp_path):
    catalogue = catalogue_with(
        tmp_path,
        {
            "2023-05_Leverkusen": {"README.md": event_readme(), "agent/readme.md": "# Gardener Node Agent\n"},
            "2023-11_Schelklingen": {"README.md": event_readme(start="2023-11-06", end="2023-11-10")},
            "2024-05_Schelklingen": {"README.md": event_readme(start="2024-05-13", end="2024-05-17")},
        },
    )
    assert navigation(catalogue) == [
        {"Home": "index.md"},
        {
            "Explore": [
                {"All topics": "topics.md"},
                {"By the numbers": "numbers.md"},
                {"Repositories": ["repositories/index.md"]},
            ]
        },
        # Each event a section whose index is its README: with navigation.indexes the event shows
        # by its name, never as the link of its year.
        {"2024": [{"2024-05 Schelklingen": ["2024-05_Schelklingen/README.md"]}]},
        {
            "2023": [
                {"2023-11 Schelklingen": ["2023-11_Schelklingen/README.md"]},
                {
                    "2023-05 Leverkusen": [
                        "2023-05_Leverkusen/README.md",
                        {"Gardener Node Agent": "2023-05_Leverkusen/agent/readme.md"},
                    ]
                },
            ]
        },
    ]


def test_old_repository_paths_redirect_to_the_new_pages(tmp_path):
    catalogue = catalogue_with(
        tmp_path,
        {
            "2023-05_Leverkusen": {
                "README.md": event_readme(),
                "agent/readme.md": "# A\n",
                "shoot/summary.md": "# S\n",
            },
        },
    )
    assert redirects(catalogue) == {
        "2023-05_Leverkusen/README.md/index.html": "2023-05-leverkusen/index.html",
        "2023-05_Leverkusen/index.html": "2023-05-leverkusen/index.html",
        "2023-05_Leverkusen/agent/readme.md/index.html": "2023-05-leverkusen/agent/index.html",
        "2023-05_Leverkusen/agent/index.html": "2023-05-leverkusen/agent/index.html",
        "2023-05_Leverkusen/shoot/summary.md/index.html": "2023-05-leverkusen/shoot/summary/index.html",
    }


def test_redirect_page_keeps_the_fragment_and_uses_a_relative_target():
    page = redirect_page("2023-05_Leverkusen/README.md/index.html", "2023-05-leverkusen/index.html")
    assert '<meta http-equiv="refresh" content="0; url=../../2023-05-leverkusen/">' in page
    assert '<script>location.replace("../../2023-05-leverkusen/" + location.hash)</script>' in page


def test_unlinked_documents_are_listed_on_the_event_page(tmp_path):
    catalogue = catalogue_with(
        tmp_path,
        {
            "2023-05_Leverkusen": {
                "README.md": event_readme(body="## T\n\nSee [the agent](agent/readme.md).\n"),
                "agent/readme.md": "# Gardener Node Agent\n",
                "shoot/summary.md": "# An Evaluation of [Masterful] Shoots\n",
            },
        },
    )
    box = unlinked_documents(catalogue.events[0])
    assert [(document.title, document.source) for document in box] == [
        ("An Evaluation of [Masterful] Shoots", "shoot/summary.md")
    ]


def test_a_year_with_many_events_is_split_by_month_to_keep_pages_small(tmp_path):
    from wrapup.pages.site_map import EVENTS_PER_NAV_SECTION

    events = {}
    for index in range(EVENTS_PER_NAV_SECTION + 1):
        month = 1 + index % 3
        events[f"2030-{month:02d}_Place{index}"] = {
            "README.md": event_readme(start=f"2030-{month:02d}-10", end=f"2030-{month:02d}-12")
        }
    nav = navigation(catalogue_with(tmp_path, events))
    ((year, months),) = nav[2].items()  # after Home and Explore
    assert year == "2030"
    assert [next(iter(month)) for month in months] == ["2030-03", "2030-02", "2030-01"]
    assert sum(len(next(iter(month.values()))) for month in months) == EVENTS_PER_NAV_SECTION + 1

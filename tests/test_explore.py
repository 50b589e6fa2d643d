"""Across events: status derivation, thread detection (each rule, overrides, non-joins, bad
input), repository pages, and the charts' numbers against topics.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SEED_CONTENT, SEED_SETTINGS, event_readme
from wrapup.model.events import load_catalogue
from wrapup.model.threads import Status, TopicKey, explore, title_subject, topic_status
from wrapup.model.topics import parse_wrapup
from wrapup.pages.overview import TABLE_MARKER, repository_source

DATES = {
    "2023-05": ("2023-05-22", "2023-05-26"),
    "2023-11": ("2023-11-06", "2023-11-10"),
    "2024-05": ("2024-05-13", "2024-05-17"),
}
HACKATHON = "https://github.com/gardener-community/hackathon/blob/main"


def catalogue(tmp_path: Path, events: dict[str, str], front: dict[str, str] | None = None):
    for folder, body in events.items():
        start, end = DATES[folder[:7]]
        text = event_readme(start=start, end=end, body=body)
        if front and folder in front:
            text = text.replace("---\n\n", front[folder] + "---\n\n", 1)
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "README.md").write_text(text, encoding="utf-8")
    return load_catalogue(tmp_path, settings=SEED_SETTINGS)


def threads(explored) -> list[list[str]]:
    return [[str(step) for step in thread.steps] for thread in explored.threads]


def topic(body: str):
    return parse_wrapup(body, 1, None).topics[0]


# ---- status ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("## T\n\n**Problem Statement:** p\n\n**Achievements:** a\n", Status.DONE),
        ("## T\n\n**Achievements:** a\n\n**Next Steps:** None.\n", Status.DONE),
        ("## T\n\n**Achievements:** a\n\n**Next Steps:** n/a\n", Status.DONE),
        ("## T\n\n**Achievements:** a\n\n**Next Steps:** merge the PR\n", Status.IN_PROGRESS),
        ("## T\n\n**Problem Statement:** p\n\n**Next Steps:** start\n", Status.PROPOSED),
        ("## T\n\n**Problem Statement:** p\n", Status.PROPOSED),
        ("## T\n\n**Motivation/Benefits:** m\n", Status.NOT_REPORTED),
        ("## T\n\nfree text written without labels\n", Status.NOT_STRUCTURED),
        ("## T\n", Status.NOT_REPORTED),
    ],
)
def test_status_is_derived_from_the_sections(body, status):
    assert topic_status(topic(body)) is status


# ---- threads -----------------------------------------------------------------------------------


def test_a_link_between_wrap_ups_joins_a_thread_and_says_why(tmp_path):
    explored = explore(
        *_parts(
            catalogue(
                tmp_path,
                {
                    "2023-05_Leverkusen": "## Introduction Of Agent\n\n**Problem Statement:** p\n",
                    "2023-11_Schelklingen": f"## Node Work\n\n**Achievements:** see [before]({HACKATHON}/2023-05_Leverkusen/README.md#introduction-of-agent)\n",
                },
            )
        )
    )
    assert threads(explored) == [["2023-05_Leverkusen#introduction-of-agent", "2023-11_Schelklingen#node-work"]]
    join = explored.threads[0].joins[0]
    assert (join.rule, join.reason) == (
        "link",
        "2023-11_Schelklingen#node-work links to 2023-05_Leverkusen#introduction-of-agent",
    )


def test_a_title_that_continues_an_earlier_subject_joins_a_thread(tmp_path):
    explored = explore(
        *_parts(
            catalogue(
                tmp_path,
                {
                    "2023-05_Leverkusen": "## Introduction Of `gardener-node-agent`\n\n**Problem Statement:** p\n",
                    "2023-11_Schelklingen": "## Continuation Of `gardener-node-agent`\n\n**Achievements:** a\n",
                    "2024-05_Schelklingen": "## Rework Shoot Flux Extension\n\n**Problem Statement:** p\n",
                },
            )
        )
    )
    assert threads(explored) == [
        [
            "2023-05_Leverkusen#introduction-of-gardener-node-agent",
            "2023-11_Schelklingen#continuation-of-gardener-node-agent",
        ]
    ]
    assert explored.threads[0].joins[0].rule == "title"


def test_making_production_ready_continues_a_rework():
    assert title_subject("Rework Shoot Flux Extension") == title_subject("Making Shoot Flux Extension Production-Ready")


def test_the_same_pull_request_in_two_events_joins_a_thread(tmp_path):
    explored = explore(
        *_parts(
            catalogue(
                tmp_path,
                {
                    "2023-05_Leverkusen": "## Load Balancing\n\n**Code:** https://github.com/gardener/gardener/pull/8810\n",
                    "2023-11_Schelklingen": "## L7 Endpoints\n\n**Code:** https://github.com/gardener/gardener/pull/8810\n",
                },
            )
        )
    )
    assert threads(explored) == [["2023-05_Leverkusen#load-balancing", "2023-11_Schelklingen#l7-endpoints"]]
    assert explored.threads[0].joins[0].reason == "both name gardener/gardener#8810"


def test_same_repository_without_continuation_is_no_thread(tmp_path):
    explored = explore(
        *_parts(
            catalogue(
                tmp_path,
                {
                    "2023-05_Leverkusen": "## IPv6\n\n**Code:** https://github.com/gardener/gardener/pull/1\n",
                    "2023-11_Schelklingen": "## Dual-Stack Shoots\n\n**Code:** https://github.com/gardener/gardener/pull/2\n",
                },
            )
        )
    )
    assert explored.threads == []


def test_a_title_repeated_at_a_later_event_joins_its_thread(tmp_path):
    explored = explore(
        *_parts(
            catalogue(
                tmp_path,
                {
                    "2023-05_Leverkusen": "## ⚡️Replace OpenVPN with Wireguard\n\n**Problem Statement:** p\n",
                    "2023-11_Schelklingen": "## Replace OpenVPN With WireGuard\n\n**Problem Statement:** again\n",
                },
            )
        )
    )
    assert threads(explored) == [
        ["2023-05_Leverkusen#replace-openvpn-with-wireguard", "2023-11_Schelklingen#replace-openvpn-with-wireguard"]
    ]
    assert explored.threads[0].joins[0].reason.startswith("'Replace OpenVPN With WireGuard' repeats the title")


def test_links_to_the_communitys_own_tracking_repository_are_no_repository_worked_on(tmp_path):
    explored = explore(
        *_parts(
            catalogue(
                tmp_path,
                {
                    "2023-05_Leverkusen": "## A\n\n**Code:** https://github.com/gardener-community/hackathon/issues/8, "
                    "https://github.com/gardener/gardener/pull/1\n",
                },
            )
        )
    )
    assert list(explored.repositories) == ["gardener/gardener"]


def test_front_matter_splits_a_wrong_join_and_joins_a_missed_one(tmp_path):
    explored = explore(
        *_parts(
            catalogue(
                tmp_path,
                {
                    "2023-05_Leverkusen": "## A\n\n**Code:** https://github.com/gardener/gardener/pull/7\n\n## B\n\n**Problem Statement:** p\n",
                    "2023-11_Schelklingen": "## C\n\n**Code:** https://github.com/gardener/gardener/pull/7\n\n## D\n\n**Problem Statement:** p\n",
                },
                front={
                    "2023-11_Schelklingen": "threads:\n  split: [[c, '2023-05_Leverkusen#a']]\n  join: [[d, '2023-05_Leverkusen#b']]\n"
                },
            )
        )
    )
    assert threads(explored) == [["2023-05_Leverkusen#b", "2023-11_Schelklingen#d"]]
    assert explored.threads[0].joins[0].rule == "override"


def test_an_override_naming_a_missing_topic_is_a_warning(tmp_path):
    explored = explore(
        *_parts(
            catalogue(
                tmp_path,
                {
                    "2023-05_Leverkusen": "## A\n\n**Problem Statement:** p\n",
                    "2023-11_Schelklingen": "## C\n\n**Problem Statement:** p\n",
                },
                front={"2023-11_Schelklingen": "threads:\n  join: [[c, '2023-05_Leverkusen#nope']]\n"},
            )
        )
    )
    assert explored.threads == []
    assert [d.message for d in explored.diagnostics] == [
        "threads.join [c, 2023-05_Leverkusen#nope]: no topic 2023-05_Leverkusen#nope"
    ]
    assert explored.diagnostics[0].line == 10  # the line of the entry


def test_each_bad_override_entry_is_reported_at_its_own_line(tmp_path):
    explored = explore(
        *_parts(
            catalogue(
                tmp_path,
                {
                    "2023-05_Leverkusen": "## A\n\n**Problem Statement:** p\n",
                    "2023-11_Schelklingen": "## C\n\n**Problem Statement:** p\n",
                },
                front={
                    "2023-11_Schelklingen": "threads:\n  join:\n    - [c, '2023-05_Leverkusen#nope']\n"
                    "    - [c, '2023-05_Leverkusen#gone']\n"
                },
            )
        )
    )
    assert [(d.line, d.message) for d in explored.diagnostics] == [
        (11, "threads.join [c, 2023-05_Leverkusen#nope]: no topic 2023-05_Leverkusen#nope"),
        (12, "threads.join [c, 2023-05_Leverkusen#gone]: no topic 2023-05_Leverkusen#gone"),
    ]


def test_a_topic_linking_to_itself_is_a_warning_and_no_thread(tmp_path):
    explored = explore(
        *_parts(
            catalogue(
                tmp_path,
                {
                    "2023-05_Leverkusen": f"## Self\n\n**Achievements:** [me]({HACKATHON}/2023-05_Leverkusen/README.md#self)\n",
                },
            )
        )
    )
    assert explored.threads == []
    assert [(d.message, d.line, d.code) for d in explored.diagnostics] == [
        (f"topic 'Self' links to itself: {HACKATHON}/2023-05_Leverkusen/README.md#self", 13, "self-link")
    ]


def test_links_that_would_close_a_cycle_make_one_thread(tmp_path):
    explored = explore(
        *_parts(
            catalogue(
                tmp_path,
                {
                    "2023-05_Leverkusen": f"## A\n\n**Next Steps:** [later]({HACKATHON}/2023-11_Schelklingen/README.md#b)\n",
                    "2023-11_Schelklingen": f"## B\n\n**Achievements:** [before]({HACKATHON}/2024-05_Schelklingen/README.md#c)\n",
                    "2024-05_Schelklingen": f"## C\n\n**Achievements:** [first]({HACKATHON}/2023-05_Leverkusen/README.md#a)\n",
                },
            )
        )
    )
    assert threads(explored) == [["2023-05_Leverkusen#a", "2023-11_Schelklingen#b", "2024-05_Schelklingen#c"]]
    assert len(explored.threads[0].joins) == 3


def test_an_event_with_zero_topics_is_fine(tmp_path):
    explored = explore(*_parts(catalogue(tmp_path, {"2023-05_Leverkusen": "Nothing reported yet.\n"})))
    assert (explored.threads, explored.status, explored.diagnostics) == ([], {}, [])


def _parts(loaded):
    return loaded.events, loaded.crosslinks, loaded.settings


# ---- repositories --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("gardener/gardener", "repositories/gardener/gardener.md"),
        ("we ird/na<me>", "repositories/we-ird/na-me-.md"),
        ("../..", "repositories/-/-.md"),
    ],
)
def test_repository_pages_have_safe_paths_whatever_the_name(name, source):
    assert repository_source(name) == source


def test_seed_threads_are_the_reviewed_ones(tmp_path):

    loaded = load_catalogue(SEED_CONTENT, settings=SEED_SETTINGS)
    explored = explore(loaded.events, loaded.crosslinks, loaded.settings)
    found = {
        (join.earlier.anchor, join.later.anchor, join.rule) for thread in explored.threads for join in thread.joins
    }
    assert ("rework-shoot-flux-extension", "making-shoot-flux-extension-production-ready", "link") in found
    assert ("introduction-of-gardener-node-agent", "continuation-of-gardener-node-agent", "link") in found
    assert (
        "load-balancing-for-calls-to-kube-apiservers",
        "cluster-internal-l7-load-balancing-endpoints-for-kube-apiservers",
        "code",
    ) in found
    assert len(explored.threads) == 8


# ---- the built site --------------------------------------------------------------------------------


def test_chart_numbers_are_the_numbers_in_topics_json(built_site):
    document = json.loads((built_site / "topics.json").read_text(encoding="utf-8"))
    soup = BeautifulSoup((built_site / "numbers" / "index.html").read_text(encoding="utf-8"), "html.parser")

    def bars(chart_id: str) -> dict[tuple[str, str], int]:
        return {
            (bar["data-label"], bar["data-series"]): int(bar["data-value"])
            for bar in soup.find(id=chart_id).find_all("rect")
        }

    label = {
        event["folder"]: event["folder"][:7] + " " + event["folder"][8:].replace("-", " ")
        for event in document["events"]
    }
    expected_topics = {(label[e["folder"]], "topics"): len(e["topics"]) for e in document["events"] if e["topics"]}
    assert bars("topics-per-event") == expected_topics
    expected_status: dict = {}
    for event in document["events"]:
        for t in event["topics"]:
            key = (label[event["folder"]], t["status"])
            expected_status[key] = expected_status.get(key, 0) + 1
    assert bars("status-per-event") == expected_status
    repositories: dict[str, int] = {}
    for event in document["events"]:
        for t in event["topics"]:
            for name in {
                link["repository"]
                for link in t["links"]
                if link["repository"] and not link["url"].startswith("https://github.com/gardener-community/hackathon/")
            }:
                repositories[name] = repositories.get(name, 0) + 1
    top = dict(sorted(repositories.items(), key=lambda item: (-item[1], item[0].lower()))[:15])
    assert bars("top-repositories") == {(name, "topics"): count for name, count in top.items()}
    organisers: dict[str, int] = {}
    for event in document["events"]:
        organisers[event["organiser"]] = organisers.get(event["organiser"], 0) + len(event["topics"])
    assert bars("topics-per-organiser") == {(name, "topics"): n for name, n in organisers.items() if n}


def test_every_chart_has_a_title_a_description_an_axis_label_and_its_numbers(built_site):
    soup = BeautifulSoup((built_site / "numbers" / "index.html").read_text(encoding="utf-8"), "html.parser")
    charts = soup.find_all("div", class_="wrapup-chart")
    assert len(charts) == 4
    for chart in charts:
        assert chart["role"] == "group"
        title_id, desc_id = chart["aria-labelledby"].split()
        assert chart.find("h2", id=title_id).get_text() and chart.find(id=desc_id).get_text()  # a visible heading
        assert chart.find(class_="wrapup-chart__axis-label").get_text() == "topics"
        assert [row.find(class_="wrapup-chart__label").get_text() for row in chart.select("li.wrapup-chart__row")]
        assert chart.find_next_sibling("details", class_="wrapup-chart__data").find("table")


def test_repository_pages_list_every_topic_that_touched_them(built_site):
    document = json.loads((built_site / "topics.json").read_text(encoding="utf-8"))
    name = "gardener/gardener-extension-provider-openstack"
    expected = {
        f"{e['folder']}#{t['anchor']}"
        for e in document["events"]
        for t in e["topics"]
        if any(link["repository"] == name for link in t["links"])
    }
    assert len(expected) >= 2
    page = BeautifulSoup(
        (built_site / "repositories" / "gardener" / "gardener-extension-provider-openstack" / "index.html").read_text(
            encoding="utf-8"
        ),
        "html.parser",
    )
    rows = page.select("table.wrapup-all-topics tbody tr")
    shown = {row["data-event"] + "#" + row.find_all("a")[1]["href"].split("#")[1] for row in rows}
    assert shown == expected


def test_all_topics_page_lists_every_topic_as_html_made_outside_markdown(built_site):
    document = json.loads((built_site / "topics.json").read_text(encoding="utf-8"))
    expected = [f"{e['folder']}#{t['anchor']}" for e in document["events"] for t in e["topics"]]
    html = (built_site / "topics" / "index.html").read_text(encoding="utf-8")
    assert TABLE_MARKER not in html
    rows = BeautifulSoup(html, "html.parser").select("div.wrapup-all-topics-wrap > table.wrapup-all-topics tbody tr")
    assert [row["data-event"] + "#" + row.find_all("a")[1]["href"].split("#")[1] for row in rows] == expected


def test_topics_json_explains_every_thread(built_site):
    document = json.loads((built_site / "topics.json").read_text(encoding="utf-8"))
    assert len(document["threads"]) == 8
    for number, thread in enumerate(document["threads"]):
        assert len(thread["joins"]) >= len(thread["steps"]) - 1
        assert all(join["reason"] and join["rule"] in ("link", "title", "code", "override") for join in thread["joins"])
        members = [
            f"{e['folder']}#{t['anchor']}" for e in document["events"] for t in e["topics"] if t["thread"] == number
        ]
        assert sorted(members) == sorted(thread["steps"])


# ---- social cards ---------------------------------------------------------------------------------


def test_each_event_page_announces_its_card_made_from_its_title_dates_and_place(built_site):
    from PIL import Image, ImageDraw

    from wrapup.media.social_cards import MARGIN, _font, _wrap

    page = BeautifulSoup((built_site / "2023-05-leverkusen" / "index.html").read_text(encoding="utf-8"), "html.parser")
    image_url = page.find("meta", property="og:image")["content"]
    assert image_url == "https://gardener-community.github.io/hackathon/2023-05-leverkusen/wrapup-card.png"
    assert (
        page.find("meta", property="og:description")["content"]
        == "22–26 May 2023, Open Sky House, Leverkusen: 10 topics"
    )
    with Image.open(built_site / "2023-05-leverkusen" / "wrapup-card.png") as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))
        white = card.convert("L").point(lambda value: 255 if value > 240 else 0)
    # Pixel check: the white text of each title line spans what the title's words measure in the font.
    measure = ImageDraw.Draw(Image.new("L", (1, 1)))
    title_font = _font("bold", 76)
    lines = _wrap(measure, "Hack The Garden 05/2023 Wrap Up", title_font, 1200 - 2 * MARGIN, 3)
    assert lines == ["Hack The Garden 05/2023", "Wrap Up"]
    for number, line in enumerate(lines):
        top = MARGIN + 90 + 90 * number
        box = white.crop((0, top, 1200, top + 85)).getbbox()
        assert box is not None
        assert abs((box[2] - box[0]) - measure.textlength(line, font=title_font)) <= 8, line


def test_cards_differ_by_event_and_are_cached_by_their_text(tmp_path):
    from wrapup.cache import ContentCache
    from wrapup.media.social_cards import CardText, card

    cache = ContentCache(tmp_path, warn=pytest.fail)
    first = card(CardText("Site", "Hack The Garden 05/2023", "22–26 May 2023", "Leverkusen"), cache)
    again = card(CardText("Site", "Hack The Garden 05/2023", "22–26 May 2023", "Leverkusen"), cache)
    other = card(CardText("Site", "Hack The Garden 11/2023", "6–10 Nov 2023", "Schelklingen"), cache)
    assert first == again != other
    assert Path(first).read_bytes() != Path(other).read_bytes()


def test_a_long_thread_shows_three_steps_each_side_and_counts_the_rest(tmp_path):
    from wrapup.model.threads import Explored, Thread
    from wrapup.pages.event_page import _thread

    body = "".join(f"## Step {n}\n\n**Problem Statement:** p\n\n" for n in range(10))
    loaded = catalogue(tmp_path, {"2023-05_Leverkusen": body})
    event = loaded.events[0]
    keys = [TopicKey(event.folder, topic.anchor) for topic in event.topics]
    thread = Thread(keys, [])
    explored = Explored(
        thread_of=dict.fromkeys(keys, thread),
        position={key: i for i, key in enumerate(keys)},
        titles={TopicKey(event.folder, t.anchor): t.title for t in event.topics},
    )
    steps = _thread(event, event.topics[5], explored, {event.folder: event})
    assert [step.title for step in steps] == [
        "… 2 earlier steps",
        "Step 2",
        "Step 3",
        "Step 4",
        "Step 5",
        "Step 6",
        "Step 7",
        "Step 8",
        "… 1 later steps",
    ]
    assert [step.link for step in steps][1:8] == ["#step-2", "#step-3", "#step-4", "", "#step-6", "#step-7", "#step-8"]

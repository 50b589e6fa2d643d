"""Writing topics.json: the same data as ``json.dumps``, one item per line at the outer levels."""

from __future__ import annotations

import io
import json

from wrapup.pages.export import write_json

DOCUMENT = {
    "version": 1,
    "threads": [],
    "events": [
        {
            "folder": "2023-05_Leverkusen",
            "place": {"name": "Leverkusen", "url": None},
            "topics": [{"title": "Größe „quoted“ </script>", "links": [1, 2]}, {"title": "Two", "links": []}],
        },
        {"folder": "2024-05_Schelklingen", "topics": []},
    ],
}


def test_written_json_reads_back_as_the_same_document():
    stream = io.StringIO()
    write_json(DOCUMENT, stream)
    assert json.loads(stream.getvalue()) == DOCUMENT


def test_each_topic_is_one_line_and_keeps_non_ascii_text_as_it_is():
    stream = io.StringIO()
    write_json(DOCUMENT, stream)
    lines = stream.getvalue().splitlines()
    topic_lines = [line for line in lines if '"title"' in line]
    assert [json.loads(line.strip().rstrip(",")) for line in topic_lines] == DOCUMENT["events"][0]["topics"]
    assert "Größe „quoted“" in stream.getvalue()


def test_scalars_and_empty_containers_are_written_whole():
    for value in (None, 3, "x", [], {}):
        stream = io.StringIO()
        write_json(value, stream)
        assert json.loads(stream.getvalue()) == value

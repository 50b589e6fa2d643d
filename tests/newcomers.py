"""Five events after the seed, each written in another style, as the next contributors will.

``add_newcomers(content)`` writes them into a copy of the content folder; the invariant tests
then run on that copy (``tests/test_invariants.py``), which shows that adding a valid event
never fails the suite. Also usable by hand:

    python tests/newcomers.py path/to/clone/hackathons
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from drawio_export import Diagram, Edge, Shape, export_svg

ORIGINAL = "https://github.com/gardener-community/hackathon/blob/main"


def _front(title: str, start: str, end: str, place: str, organiser: str, url: str | None = None) -> str:
    place_url = f"\n  url: {url}" if url else ""
    return (
        f'---\ntitle: "{title}"\nstart: {start}\nend: {end}\nplace:\n  name: "{place}"{place_url}\n'
        f'organiser: "{organiser}"\n---\n\n'
    )


def _labelled() -> str:
    """The community's current style: emoji headings, bold labels with the colon outside, <hr />."""
    return (
        _front(
            "Hack The Garden 11/2025 Wrap Up",
            "2025-11-24",
            "2025-11-28",
            "Schlosshof Freizeitheim, Schelklingen",
            "x-cellent",
            "https://www.schlosshof-info.de/",
        )
        + f"""\
![Group picture](https://raw.githubusercontent.com/gardener-community/hackathon/main/group-2025-11.jpg)

## 🚀 Rolling Updates For `gardener-node-agent`, Continued

**Problem Statement**: The rolling update proposal of the last hackathon was never finished.

**Motivation/Benefits**: 🔒 Fewer surprises during node updates.

**Achievements**: Implemented the [proposal]({ORIGINAL}/2023-11_Schelklingen/README.md) end to end.

**Next Steps**: Review and merge.

**Code/Pull Requests**: https://github.com/gardener/gardener/pull/13001, https://github.com/gardener/gardener/issues/13000

<hr />

## 🧑‍🔧 Self-Hosted Shoot Clusters

**Problem Statement**: Bootstrapping needs a seed.

**Achievements**:

**Next Steps**: None.

**Code/Pull Requests**: https://github.com/gardener/gardener/tree/hackathon-self-hosted
"""
    )


def _headings() -> str:
    """Labels written as headings, nested lists indented by two spaces, a list straight after a
    paragraph line, a table, a task list, a GitHub alert, emoji shortcodes, a footnote, details."""
    return (
        _front("Hack The Garden 05/2026 Wrap Up", "2026-05-11", "2026-05-15", "Haus Müllerwiese, Bad Wildbad", "SAP")
        + """\
## Faster Reconciliations

### Problem Statement

Reconciling a large shoot takes minutes.[^measured]

> [!IMPORTANT]
> Large means more than 500 nodes.

### Achievements

We did three things :rocket::
- Profiled the flow
  - found two slow steps
  - removed one

<details>
<summary>Profile</summary>

1. reconcile
   1. etcd
   2. network

</details>

| step | before | after |
| --- | --: | --: |
| etcd | 40 s | 12 s |

### Next Steps

- [x] measure again
- [ ] write a GEP

### Code

https://github.com/gardener/gardener/pull/14002

[^measured]: On a 500-node shoot, three runs.

## Dashboard Dark Mode

### Problem Statement

The dashboard is bright at night.

### Achievements

A theme switch.
"""
    )


def _plain() -> str:
    """The early style: no labels at all, bullets and subsections."""
    return (
        _front("Hackathon 11/2026", "2026-11-02", "2026-11-06", "Alte Mühle, Wiesenbach", "STACKIT")
        + """\
Participants came from four companies.

## Topics

### Certificates for Everyone

- rotated every certificate of a shoot
- wrote down what broke

### Smaller Images

- distroless base images for three components
"""
    )


def _with_documents() -> str:
    """A wrap-up with a further document, a diagram and a local photo."""
    return (
        _front(
            "Hack The Garden 05/2027 Wrap Up",
            "2027-05-10",
            "2027-05-14",
            "Open Sky House, Leverkusen",
            "Gardener Community",
            "https://www.openskyhouse.org/",
        )
        + """\
## 🕸️ Network Observability

**Problem Statement:** Nobody sees the traffic between nodes.

**Achievements:** See the [design notes](observability/notes.md) and the sketch:

![Flows](observability/flows.drawio.svg)

![Whiteboard](observability/whiteboard.png)

**Code/Pull Requests:** https://github.com/gardener/gardener-extension-networking-cilium/pull/700
"""
    )


def _upcoming() -> str:
    """An event announced before it happens: no topics yet."""
    return (
        _front(
            "Hack The Garden 11/2027", "2027-11-15", "2027-11-19", "Schlosshof Freizeitheim, Schelklingen", "x-cellent"
        )
        + "Topics will be collected in the planning issue.\n"
    )


def _whiteboard() -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), "white")
    ImageDraw.Draw(image).rectangle((100, 100, 700, 500), outline="black", width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def newcomer_files() -> dict[str, str | bytes]:
    flows = export_svg(
        Diagram(
            "flows",
            420,
            160,
            shapes=[
                Shape("a", 20, 40, 150, 60, "Node A<br>agent", rounded=True),
                Shape("b", 250, 40, 150, 60, "Node B<br>agent", rounded=True),
            ],
            edges=[Edge("e", [(170, 70), (250, 70)], "flows")],
        )
    )
    return {
        "2025-11_Schelklingen/README.md": _labelled(),
        "2026-05_BadWildbad/README.md": _headings(),
        "2026-11_Wiesenbach/README.md": _plain(),
        "2027-05_Leverkusen/README.md": _with_documents(),
        "2027-05_Leverkusen/observability/notes.md": "# Design Notes\n\nFlows are sampled per node.\n",
        "2027-05_Leverkusen/observability/flows.drawio.svg": flows,
        "2027-05_Leverkusen/observability/whiteboard.png": _whiteboard(),
        "2027-11_Schelklingen/README.md": _upcoming(),
    }


def add_newcomers(content: Path) -> list[str]:
    """Write the five events into ``content``; returns their folder names."""
    for relative, data in newcomer_files().items():
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return sorted({relative.split("/", 1)[0] for relative in newcomer_files()})


if __name__ == "__main__":
    for folder in add_newcomers(Path(sys.argv[1])):
        print(folder)

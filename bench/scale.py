"""Does the build grow linearly? Synthetic wrap-ups at 10x, 100x and 1000x the seed's topics.

The generator writes realistic events (deterministic seed): front matter, 8-16 topics with
labelled sections, GitHub links of every kind, links to earlier events' topics, and per event
one draw.io diagram and one photo-like image, each with its own content (so the cache cannot
share work between events). For each size it builds cold (empty cache) and warm, and prints
wall time, the peak memory of the largest process and of all its processes together, the
site's size and bytes per event. With --memory-limit the builds run in a memory cgroup of that
size, so "builds in 2 GB" is the kernel's word, not an estimate.

Usage: python bench/scale.py [--factors 10 100 1000] [--keep DIR] [--memory-limit MB]
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import sys
import tempfile
from pathlib import Path

from common import PROJECT, build, compile_hooks, memory_cgroup, write_config

sys.path.insert(0, str(PROJECT / "tests"))
from drawio_export import Diagram, Edge, Shape, export_svg  # noqa: E402

SEED_TOPICS = 83  # topics in the seven seed wrap-ups
EMOJI = ["🕵️", "🌐", "🌱", "🔑", "💾", "🔐", "🤖", "🎯", "🏗️", "🗝️", "🛡️", "🧑🏼‍🌾", "🦅", "🚛", "⚡️", "📡"]
WORDS = ("gardener shoot seed cluster node agent controller extension provider network vpn etcd backup "
         "operator dashboard metrics logging autoscaler kubelet containerd secret certificate rotation "
         "migration control plane worker pool machine image registry cache observability").split()
VERBS = "introduce rework support migrate replace expose validate enable harmonize drop".split()
REPOS = ["gardener/gardener", "gardener/dashboard", "gardener/gardener-extension-provider-aws",
         "gardener/gardener-extension-provider-openstack", "gardener/etcd-druid", "stackitcloud/gardener-extension-acl",
         "metal-stack/gardener-extension-provider-metal", "gardener/vpn2", "gardener/machine-controller-manager"]
PLACES = ["Schelklingen", "Leverkusen", "Hirschegg", "Steinberg", "Walldorf", "Berlin", "Dresden"]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def links(rng: random.Random) -> list[str]:
    made = []
    for _ in range(rng.randint(1, 5)):
        repo = rng.choice(REPOS)
        kind = rng.random()
        if kind < 0.5:
            made.append(f"https://github.com/{repo}/pull/{rng.randint(100, 13000)}")
        elif kind < 0.7:
            made.append(f"[{repo}#{rng.randint(100, 13000)}](https://github.com/{repo}/issues/{rng.randint(100, 13000)})")
        elif kind < 0.9:
            made.append(f"https://github.com/{repo}/tree/hackathon-{rng.choice(WORDS)}")
        else:
            made.append(f"https://github.com/{repo}/commit/{rng.getrandbits(160):040x}")
    return made


def topic(rng: random.Random, previous: list[tuple[str, str]], taken: set[str]) -> tuple[str, str]:
    title = f"{rng.choice(VERBS).title()} {' '.join(w.title() for w in rng.sample(WORDS, 3))}"
    # Two topics of one event with the same title are a content mistake the build warns about;
    # a number keeps the title unique without drawing from rng (the rest of the corpus stays as it was).
    base, copy = title, 1
    while title.lower() in taken:
        copy += 1
        title = f"{base} {copy}"
    taken.add(title.lower())
    lines = [f"## {rng.choice(EMOJI)} {title}", ""]
    lines += [f"**Problem Statement:** {' '.join(sentence(rng, rng.randint(8, 20)) for _ in range(3))}", ""]
    lines += [f"**Motivation/Benefits**: ✨ {sentence(rng, 6)}", ""]
    achievements = " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(0, 4)))
    if previous and rng.random() < 0.1:
        folder, anchor = rng.choice(previous)
        achievements += (f" Continues [an earlier topic](https://github.com/gardener-community/hackathon/blob/main/"
                         f"{folder}/README.md#{anchor}).")
    lines += [f"**Achievements:** {achievements}", ""]
    lines += [f"**Next Steps:** {sentence(rng, 12) if rng.random() < 0.7 else ''}", ""]
    lines += [f"**Code/Pull Requests:** {', '.join(links(rng))}", "", "<hr />", ""]
    return title, "\n".join(lines)


def diagram(rng: random.Random, index: int) -> str:
    shapes = [Shape(f"s{n}", 20 + 180 * (n % 3), 20 + 100 * (n // 3), 150, 60,
                    f"{rng.choice(WORDS)}-{rng.choice(WORDS)}<br>{index}-{n}", rounded=True) for n in range(6)]
    edges = [Edge(f"e{n}", [(170 + 180 * (n % 2), 50), (200 + 180 * (n % 2), 50)], rng.choice(VERBS)) for n in range(2)]
    return export_svg(Diagram(f"d{index}", 560, 240, shapes=shapes, edges=edges))


def photo(seed: int) -> bytes:
    """A 1600 x 1200 'group photo': soft shapes on a gradient with a little grain, which
    compresses like a photograph (pure noise would not compress at all)."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y, r = rng.randint(0, 1600), rng.randint(0, 1200), rng.randint(30, 260)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    image = image.filter(ImageFilter.GaussianBlur(6))
    grain = Image.effect_noise((1600, 1200), 12).convert("RGB")
    image = Image.blend(image, grain, 0.08)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def generate(root: Path, topic_count: int, seed: int = 2026, max_events: int | None = None) -> int:
    """Write events until ``topic_count`` topics (or ``max_events`` events) exist; returns the
    number of events. Photos, the slow part, are made on all cores."""
    from concurrent.futures import ProcessPoolExecutor

    rng = random.Random(seed)
    photos: dict[Path, int] = {}
    made = events = 0
    previous: list[tuple[str, str]] = []
    while made < topic_count and (max_events is None or events < max_events):
        year, month = 2000 + (events // 12) % 50, 1 + events % 12
        place = f"{rng.choice(PLACES)}{events}"
        folder = f"{year}-{month:02d}_{place}"
        path = root / folder
        path.mkdir(parents=True)
        count = min(rng.randint(8, 16), topic_count - made)
        bodies, titles = [], set()
        for _ in range(count):
            title, body = topic(rng, previous, titles)
            bodies.append(body)
            previous.append((folder, "-" + title.lower().replace(" ", "-")))
        front = (f"---\ntitle: \"Hack The Garden {month:02d}/{year} Wrap Up\"\nstart: {year}-{month:02d}-10\n"
                 f"end: {year}-{month:02d}-14\nplace:\n  name: \"Haus {place}\"\n  url: https://example.org/{place.lower()}\n"
                 f"organiser: x-cellent\n---\n\n")
        figures = "Our architecture:\n\n![Architecture](architecture.drawio.svg)\n\n![Group photo](group.jpg)\n\n"
        (path / "README.md").write_text(front + figures + "\n".join(bodies), encoding="utf-8")
        (path / "architecture.drawio.svg").write_text(diagram(rng, events), encoding="utf-8")
        photos[path / "group.jpg"] = rng.getrandbits(32)
        made += count
        events += 1
    with ProcessPoolExecutor() as pool:
        for target, data in zip(photos, pool.map(photo, photos.values(), chunksize=16)):
            target.write_bytes(data)
    return events


def size_of(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factors", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--keep", type=Path, help="generate and build here instead of a temporary folder")
    parser.add_argument("--memory-limit", type=int, metavar="MB",
                        help="build inside a memory cgroup of this size (e.g. 2048), so a build that needs more is killed")
    arguments = parser.parse_args()
    compile_hooks()
    cgroup = memory_cgroup(arguments.memory_limit) if arguments.memory_limit else None
    if cgroup:
        print(f"builds run in {cgroup}, limited to {arguments.memory_limit} MB", flush=True)
    print(f"{'factor':>6} {'topics':>7} {'events':>7} {'cold s':>8} {'warm s':>8} {'peak MB':>8} {'tree MB':>8} "
          f"{'site MB':>8} {'KB/event':>9}", flush=True)
    try:
        for factor in arguments.factors:
            root = Path(tempfile.mkdtemp(prefix=f"scale-{factor}-", dir=arguments.keep))
            try:
                content = root / "hackathons"
                events = generate(content, SEED_TOPICS * factor)
                config = write_config(root, content)
                cold = build(config, cgroup=cgroup)
                warm = build(config, cgroup=cgroup)
                site = size_of(root / "site")
                print(f"{factor:>6} {SEED_TOPICS * factor:>7} {events:>7} {cold.seconds:>8.1f} {warm.seconds:>8.1f} "
                      f"{max(cold.peak_rss_mb, warm.peak_rss_mb):>8.0f} {max(cold.peak_tree_mb, warm.peak_tree_mb):>8.0f} "
                      f"{site / 1e6:>8.1f} {site / events / 1e3:>9.1f}", flush=True)
            finally:
                if arguments.keep is None:
                    shutil.rmtree(root, ignore_errors=True)
    finally:
        if cgroup:
            cgroup.rmdir()  # empty again: every build in it has ended
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A hostile event folder: script payloads in every place author text or files reach the site.

Each payload, if it ever ran in a reader's browser, sets ``window.PWNED``, changes
``document.title`` to the canary or opens a dialog; ``tests/test_hostile.py`` builds the site
and loads every page in headless Chromium to see that none does. The same payload is written
in the forms an attacker would use to slip past a filter: raw, with YAML escapes, as HTML
entities, URL-encoded.
"""

from __future__ import annotations

import io
import urllib.parse

from PIL import Image

CANARY = "PWNED"
SCRIPT = f"window.{CANARY}=1;document.title='{CANARY}'"
RAW = f'<img src=x onerror="{SCRIPT}">'
# Each form of the payload an author might write; all must arrive as text.
ENTITIES = RAW.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
URL_ENCODED = urllib.parse.quote(RAW, safe="")
BREAKOUT = f'"\'></title></script></textarea>{RAW}<svg onload="{SCRIPT}">'
FOLDER = "2024-05_Hostile"
DOCUMENT_NAME = f"<img src=x onerror={SCRIPT.replace(' ', '')}>.md"  # file names are author text too


def _yaml_escaped(text: str) -> str:
    """``text`` as a double-quoted YAML scalar with every '<' and '>' written as an escape."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\x3c").replace(">", "\\x3e") + '"'


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def gps_jpeg() -> bytes:
    """A camera photo: EXIF with GPS position and orientation, XMP, and a comment."""
    image = Image.new("RGB", (640, 480), (200, 120, 40))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate
    exif[0x010F] = "CanaryCam"  # make
    gps = {1: "N", 2: (48.0, 22.0, 11.0), 3: "E", 4: (9.0, 44.0, 1.0)}
    exif[0x8825] = gps
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,22.18N" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="CanaryXMP"/></rdf:RDF></x:xmpmeta>'
    )
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=xmp, comment=b"CanaryComment")
    return out.getvalue()


def _svg_with_script() -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" onload="' + SCRIPT + '">'
        f'<script>{SCRIPT}</script><rect width="100" height="100" fill="red"/></svg>\n'
    )


def _drawio_with_script() -> str:
    """A draw.io-looking export whose SVG runs script when opened on its own."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
        'width="200px" height="100px" viewBox="-0.5 -0.5 200 100" content="&lt;mxfile&gt;&lt;/mxfile&gt;" '
        f'onload="{SCRIPT}"><defs/><g><rect x="10" y="10" width="180" height="80" fill="#ffffff" stroke="#000000"/>'
        f'<a xlink:href="javascript:{SCRIPT}"><text x="100" y="55" text-anchor="middle">click</text></a>'
        f"<script>{SCRIPT}</script></g></svg>\n"
    )


def readme() -> str:
    body = f"""\
Group picture: ![{RAW}](photo.jpg)

<script>{SCRIPT}</script>
<div style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999;background:red">overlay</div>
<iframe src="javascript:{SCRIPT}"></iframe>
<object data="javascript:{SCRIPT}"></object>
<embed src="javascript:{SCRIPT}">
<form action="javascript:{SCRIPT}"><button>go</button></form>
<base href="javascript:{SCRIPT}//">
<meta http-equiv="refresh" content="0; url=javascript:{SCRIPT}">
<style>body {{ background: url("javascript:{SCRIPT}") }}</style>
<a class="glightbox" href="photo.jpg" data-title="{ENTITIES}" data-description="{ENTITIES}" data-glightbox="description: {ENTITIES}">lightbox</a>
<a class="glightbox" href="photo.jpg" title="{ENTITIES}">a lightbox with a title</a> ![{ENTITIES}](photo.jpg "{ENTITIES}")
<a href="javascript:{SCRIPT}">a javascript link</a> and <a href="JaVaScRiPt&colon;{SCRIPT}">an encoded one</a>
<a href="data:text/html;base64,PHNjcmlwdD53aW5kb3cuUFdORUQ9MTwvc2NyaXB0Pg==">a data link</a>
<svg><script>{SCRIPT}</script><animate onbegin="{SCRIPT}" attributeName="x" dur="1s"/></svg>
<math><mtext><table><mglyph><style><img src=x onerror="{SCRIPT}"></style></mglyph></table></mtext></math>
<details open ontoggle="{SCRIPT}"><summary>details</summary>text</details>
<img src=x onerror="{SCRIPT}">
<p data-md-component="announce" data-md-state="{ENTITIES}">material attribute</p>

A paragraph with an attribute list.
{{ onclick="{SCRIPT}" onmouseover="{SCRIPT}" style="position:fixed;inset:0" }}

[an attr_list link](https://example.org/){{ onfocus="{SCRIPT}" autofocus="" }}

<div markdown="1" onmouseover="{SCRIPT}" style="position:fixed;inset:0">
md_in_html with **Markdown** inside
</div>

Entities in text: {ENTITIES}; URL-encoded: {URL_ENCODED}

## {RAW} Raw heading

**Problem Statement:** {RAW} problem [{RAW}](https://github.com/gardener/gardener/pull/1)

**Code:** [{RAW}](https://github.com/gardener/{URL_ENCODED}/pull/2), https://github.com/{URL_ENCODED}/repo/pull/3

## {ENTITIES} Entity heading

**Problem Statement:** see [the raw topic](#raw-heading) and [{ENTITIES}](https://github.com/gardener/{URL_ENCODED}/pull/4)

**Code:** https://github.com/{URL_ENCODED}/repo/pull/5

## {BREAKOUT}

**Problem Statement:** ![diagram](design.drawio.svg) and [a document]({urllib.parse.quote(DOCUMENT_NAME)})

**Achievements:** done

**Code:** https://github.com/gardener/gardener/pull/6 [`{RAW}`](https://github.com/gardener/gardener/pull/6)
"""
    return (
        "---\n"
        f"title: {_single_quoted(RAW + ' ' + BREAKOUT)}\n"
        "start: 2024-05-13\n"
        "end: 2024-05-17\n"
        "place:\n"
        f"  name: {_yaml_escaped(RAW + ' place')}\n"
        f"  url: https://example.org/?q={URL_ENCODED}\n"
        "organiser:\n"
        f"  name: {_single_quoted(ENTITIES + ' ' + RAW)}\n"
        f"  url: https://example.org/?o={URL_ENCODED}\n"
        "links:\n"
        "  - kind: notes\n"
        f"    title: {_single_quoted(RAW + ' ' + BREAKOUT)}\n"
        f"    url: https://example.org/?l={URL_ENCODED}\n"
        "photo:\n"
        "  src: photo.jpg\n"
        f"  alt: {_single_quoted(RAW + ' ' + ENTITIES)}\n"
        "---\n\n" + body
    )


# Round three: ids and classes that the page's scripts act on (Material's #__config, GLightbox's
# classes, Material's Mermaid loader), each on an element whose text holds this marker.
ROUND_THREE_MARKER = "round-three-payload"
CONFIG_HIJACK = (
    '{"base": ".", "features": [], "translations": {}, "search": "data:text/javascript,self.postMessage(1)"}'
)


def round_three() -> str:
    mark = ROUND_THREE_MARKER
    return f"""\
# __config

<div id="__config">{CONFIG_HIJACK} {mark}</div>

<script id="__config" type="application/json">{CONFIG_HIJACK}</script>

A lightbox of the author's own: <a class="glightbox" href="../photo.jpg" data-type="image">{mark} photo</a>
<span class="glightbox-desc" id="glightbox-body">{mark} {ENTITIES}</span>

<div class="mermaid">{mark} graph TD; A--&gt;B</div>

<p class="md-typeset wrapup-permalink" id="__search">{mark} <a name="__drawer">named</a></p>

<button type="button" class="wrapup-permalink" data-anchor="javascript:{SCRIPT}">{mark} copy</button>

[A link to the author's anchor](#glightbox-body) and [the heading](#__config).

![A drawing that cannot be drawn](outside.drawio.svg)
"""


def meta_lines() -> str:
    """MultiMarkdown-style metadata (no ``---``), which MkDocs reads as the page's metadata."""
    return (
        f"Title: {RAW} meta title\n"
        f'Description: "><img src=x onerror="{SCRIPT}"><meta x="\n'
        "Template: ../../../../../etc/passwd\n"
        "Icon: ../../../../../etc/passwd\n"
        "Hide: navigation toc\n"
        "\n# Meta lines\n\nThe lines above are text, as GitHub shows them.\n"
    )


def outside_references_svg() -> str:
    """A drawing with no size (so it is not drawn: its inert copy is published) whose paint,
    masks, filters, markers and styles all point at other hosts."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<rect width="50" height="50" fill="url(http://127.0.0.2:9/fill)" mask="url(http://127.0.0.2:9/m#m)"/>'
        '<rect width="40" height="40" filter="url(//127.0.0.2:9/f#f)" clip-path="url(http://127.0.0.2:9/c#c)"/>'
        '<path d="M0 0L9 9" marker-end="url(http://127.0.0.2:9/marker#a)"/>'
        '<rect width="30" height="30" style="fill: image-set(\'http://127.0.0.2:9/i.png\' 1x)"/>'
        '<text x="5" y="20" style="cursor: url(http://127.0.0.2:9/cursor.png), auto">outside</text></svg>\n'
    )


def files() -> dict[str, str | bytes]:
    """Path inside ``hackathons/`` -> content, for the hostile event folder."""
    return {
        f"{FOLDER}/README.md": readme(),
        f"{FOLDER}/{DOCUMENT_NAME}": f"# {RAW}\n\nA document whose file name is a payload.\n",
        f"{FOLDER}/notes/entity-title.md": f"# {ENTITIES}\n\nIts title is written with entities.\n",
        f"{FOLDER}/notes/round-three.md": round_three(),
        f"{FOLDER}/notes/meta-lines.md": meta_lines(),
        f"{FOLDER}/notes/outside.drawio.svg": outside_references_svg(),
        f"{FOLDER}/notes/yaml-title.md": f"---\ntitle: {_yaml_escaped(BREAKOUT)}\n---\n\n# Notes\n\ntext\n",
        f"{FOLDER}/photo.jpg": gps_jpeg(),
        f"{FOLDER}/design.drawio.svg": _drawio_with_script(),
        f"{FOLDER}/evil.svg": _svg_with_script(),
        f"{FOLDER}/evil.html": f"<!doctype html><script>{SCRIPT}</script>\n",
        f"{FOLDER}/evil.js": f"{SCRIPT}\n",
        f"{FOLDER}/evil.xhtml": f'<html xmlns="http://www.w3.org/1999/xhtml"><script>{SCRIPT}</script></html>\n',
    }

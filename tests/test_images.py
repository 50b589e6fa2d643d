"""Responsive images: derivatives, metadata, markup, cache, and images served as they are."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import SEED, event_readme
from wrapup.cache import ContentCache
from wrapup.media.images import ImageProblem, cache_key, process, process_all
from wrapup.settings import Limits


def photo(width: int = 4000, height: int = 3000, orientation: int = 6) -> bytes:
    """A camera-like JPEG: noisy pixels, EXIF orientation and a GPS position."""
    image = Image.effect_noise((width, height), 60).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: 6 = rotate 90° clockwise to show upright
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}  # GPS IFD
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def camera_photo() -> bytes:
    return photo()


def test_photo_becomes_upright_widths_in_webp_and_jpeg(camera_photo):
    processed, files = process(camera_photo)
    assert (processed.width, processed.height) == (3000, 4000)  # EXIF orientation applied
    assert [(v.width, v.height, v.suffix) for v in processed.variants] == [
        (480, 640, "webp"),
        (480, 640, "jpg"),
        (960, 1280, "webp"),
        (960, 1280, "jpg"),
        (1600, 2133, "webp"),
        (1600, 2133, "jpg"),
    ]
    for name, data in files.items():
        with Image.open(io.BytesIO(data)) as derived:
            assert derived.size == next((v.width, v.height) for v in processed.variants if v.name == name)


def test_derivatives_carry_no_metadata_and_no_gps(camera_photo):
    _, files = process(camera_photo)
    for name, data in files.items():
        with Image.open(io.BytesIO(data)) as derived:
            exif = derived.getexif()
            assert 0x8825 not in exif and 0x0112 not in exif, name
            assert b"GPS" not in data and b"Exif" not in data, name


def test_small_image_is_never_upscaled():
    buffer = io.BytesIO()
    Image.new("RGB", (600, 300), "white").save(buffer, "PNG")
    processed, _ = process(buffer.getvalue())
    assert sorted({v.width for v in processed.variants}) == [480, 600]
    assert {v.suffix for v in processed.variants} == {"webp", "png"}


def test_seed_figures_become_much_lighter():
    figure = SEED / "2025-06_Schelklingen/cluster-network-observability/prometheus-traffic-chart.png"
    if not figure.is_file():
        pytest.fail(f"seed figure missing: {figure}")
    processed, files = process(figure.read_bytes())
    assert processed.width == 3540
    phone = files["960.webp"]
    assert len(phone) < figure.stat().st_size * 0.25


def png_bytes(mode: str, size: tuple[int, int], **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, "PNG", **save)
    return buffer.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (20, 20), color) for color in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def cmyk_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("CMYK", (40, 40), (0, 255, 255, 0)).save(buffer, "JPEG")
    return buffer.getvalue()


BAD_IMAGES = {
    "truncated.png": (lambda: png_bytes("RGB", (400, 300))[:200], "it cannot be decoded"),
    "not-an-image.jpg": (
        lambda: b"<html>this is not a picture</html>",
        "it is not an image the site can read; it takes PNG, JPEG",
    ),
    "bomb.png": (lambda: png_bytes("1", (12000, 12000)), "it is a decompression bomb"),
    "pixel.png": (lambda: png_bytes("RGB", (1, 1)), "it is 1 x 1 pixel"),
    "cmyk.jpg": (cmyk_jpeg, "it is a CMYK image"),
    "deep.png": (lambda: png_bytes("I;16", (40, 40)), "it has 16 bits per channel"),
    "moving.gif": (animated_gif, "it is animated (3 frames)"),
}


@pytest.mark.parametrize("name", sorted(BAD_IMAGES))
def test_images_that_are_served_as_they_are_say_why(name):
    make, reason = BAD_IMAGES[name]
    with pytest.raises(ImageProblem) as problem:
        process(make())
    assert str(problem.value).startswith(reason)


def test_second_run_comes_from_the_cache_and_a_damaged_entry_is_made_again(tmp_path, camera_photo):
    cache = ContentCache(tmp_path / "cache", warn=pytest.fail)
    (tmp_path / "photo.jpg").write_bytes(camera_photo)
    inputs = {"a/photo.jpg": tmp_path / "photo.jpg"}
    first = process_all(inputs, cache, workers=2)
    assert (first.made, first.cached) == (1, 0)
    second = process_all(inputs, cache, workers=2)
    assert (second.made, second.cached) == (0, 1)
    assert second.summary == "images: 0 made, 1 cached"
    damaged = Path(second.outputs["a/photo.jpg"].files["960.jpg"])
    damaged.write_bytes(damaged.read_bytes()[:100])
    third = process_all(inputs, cache, workers=2)
    assert (third.made, third.cached) == (1, 0)
    assert cache_key(camera_photo) in str(third.outputs["a/photo.jpg"].files["960.jpg"])


# ---- on the page -------------------------------------------------------------------------

PAGE = "Our group photo:\n\n![](photo.jpg)\n\n## Topic\n\n**Problem Statement:** see ![chart](chart.png)\n"


def test_page_serves_a_sized_lazy_picture_whose_lightbox_opens_our_largest_copy(fixture_site, camera_photo):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=PAGE))
    fixture_site.add("2023-05_Leverkusen/photo.jpg", camera_photo)
    fixture_site.add("2023-05_Leverkusen/chart.png", png_bytes("RGB", (1200, 600)))
    result = fixture_site.build()
    assert result.returncode == 0, result.stderr
    assert "images: 2 made, 0 cached" in result.stderr
    page = BeautifulSoup(
        (fixture_site.site_dir / "2023-05-leverkusen/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    pictures = page.select("article a.glightbox > picture")
    assert [p.parent["href"] for p in pictures] == ["photo.jpg", "chart.png"]
    photo_img = pictures[0].img
    assert pictures[0].source["type"] == "image/webp"
    assert pictures[0].source["srcset"] == "photo.480.webp 480w, photo.960.webp 960w, photo.1600.webp 1600w"
    assert photo_img["srcset"] == "photo.480.jpg 480w, photo.960.jpg 960w, photo.1600.jpg 1600w"
    assert (photo_img["width"], photo_img["height"], photo_img["alt"]) == ("3000", "4000", "photo")
    assert "loading" not in photo_img.attrs  # first image, above the first topic
    assert pictures[1].img["loading"] == "lazy"
    for width in Limits().image_widths:
        assert (fixture_site.site_dir / f"2023-05-leverkusen/photo.{width}.webp").is_file()
    # The address the lightbox opens serves our largest re-encoded copy, never the camera's bytes.
    served = (fixture_site.site_dir / "2023-05-leverkusen/photo.jpg").read_bytes()
    assert served == (fixture_site.site_dir / "2023-05-leverkusen/photo.1600.jpg").read_bytes()
    assert served != camera_photo
    assert "images: 0 made, 2 cached" in fixture_site.build().stderr


def test_image_that_cannot_be_re_encoded_is_a_warning_and_never_published(fixture_site):
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body="## T\n\n![moving](moving.gif)\n"))
    fixture_site.add("2023-05_Leverkusen/moving.gif", animated_gif())
    strict = fixture_site.build()
    assert strict.returncode == 1
    assert (
        "hackathons/2023-05_Leverkusen/moving.gif: warning: image not published: it is animated (3 frames), "
        "and only still images are re-encoded; show a still frame and link the animation where it lives; the page "
        "shows its alt text instead [image]"
    ) in strict.stderr
    relaxed = fixture_site.build(strict=False)
    assert relaxed.returncode == 0
    page = BeautifulSoup(
        (fixture_site.site_dir / "2023-05-leverkusen/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.select_one("article img") is None
    assert page.select_one("article .wrapup-refused").get_text() == "moving"
    assert not (fixture_site.site_dir / "2023-05-leverkusen/moving.gif").exists()


def test_remote_image_stays_remote_lazy_with_an_alt_text(fixture_site):
    body = "## T\n\ntext\n\n![](https://example.org/figures/prometheus-traffic-chart.png)\n"
    fixture_site.add("2023-05_Leverkusen/README.md", event_readme(body=body))
    assert fixture_site.build().returncode == 0
    page = BeautifulSoup(
        (fixture_site.site_dir / "2023-05-leverkusen/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    image = page.select_one("article img")
    assert image["src"] == "https://example.org/figures/prometheus-traffic-chart.png"
    assert (image["loading"], image["alt"]) == ("lazy", "prometheus traffic chart")

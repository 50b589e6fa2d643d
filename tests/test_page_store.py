"""The page spool: HTML parked between MkDocs' conversion pass and its writing pass."""

from wrapup.output.page_store import PageStore


def test_a_parked_page_comes_back_once_and_its_file_is_gone():
    spool = PageStore()
    spool.park("2023-05_Leverkusen/README.md", "<h1>Leverkusen</h1>")
    assert spool.take("2023-05_Leverkusen/README.md") == "<h1>Leverkusen</h1>"
    assert spool.take("2023-05_Leverkusen/README.md") is None
    spool.close()


def test_close_removes_every_parked_file():
    spool = PageStore()
    spool.park("a.md", "x" * 1000)
    folder = spool._folder
    spool.close()
    assert not folder.exists()


def test_a_page_parked_twice_keeps_the_last_html():
    spool = PageStore()
    spool.park("a.md", "first")
    spool.park("a.md", "second")
    assert spool.take("a.md") == "second"
    spool.close()

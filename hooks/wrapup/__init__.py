"""wrapup: turn hackathon event folders into a browsable site.

Folders, each importing only those before it: ``model`` (events, topics, links, addresses, what
may be published), ``media`` (diagrams and images), ``pages`` (the trial, the Markdown engine
and page extension, page writers, the sanitiser), ``output`` (the staged site, the page cache
and store), ``cli``. Beside them: ``settings``, ``config``, ``diagnostics``, ``cache``.

Only ``config`` (the validation of ``extra.wrapup``) and the CLI reading it import MkDocs;
``hooks/wrapup_hooks.py`` adapts MkDocs' build events to the rest, and ``wrapup.pages.gfm`` is a
Python-Markdown extension, which any Python-Markdown pipeline can load.
"""

__version__ = "0.1.0"

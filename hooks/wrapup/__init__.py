"""wrapup: turn hackathon event folders into a browsable site.

No module of this package imports MkDocs: the event and topic model, rendering, diagrams,
images, the cache and the CLI can move to another engine. Only ``hooks/wrapup_hooks.py``
adapts MkDocs' build events to them (``mdext`` is a Python-Markdown extension, which any
Python-Markdown pipeline can load).
"""

__version__ = "0.1.0"

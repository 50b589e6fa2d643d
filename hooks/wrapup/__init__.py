"""wrapup: turn hackathon event folders into a browsable site.

The core modules (``events``, ``frontmatter``, ``topics``, ``index``, ``site``)
import nothing from MkDocs, so the model can move to another engine; only
``hooks/wrapup_hooks.py`` adapts MkDocs events to them.
"""

__version__ = "0.1.0"

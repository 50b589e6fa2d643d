"""The ``wrapup`` command line: check, new, import."""

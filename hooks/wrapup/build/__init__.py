"""Build plumbing: the content cache, staged output, limits and containment, diagnostics."""

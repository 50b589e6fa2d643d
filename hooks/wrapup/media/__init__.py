"""Media: diagrams and images drawn or re-encoded in worker processes, and social cards."""

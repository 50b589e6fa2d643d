"""Media: diagrams and images drawn or re-encoded in worker processes, social cards, what may be published."""

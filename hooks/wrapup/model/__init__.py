"""The content model: event folders, front matter, topics, links and threads across events."""

"""Building pages: event pages, the Markdown engine and extension, home, overview pages, feed, export, navigation."""

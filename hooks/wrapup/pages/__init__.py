"""Building pages: the trial within limits, event pages, the Markdown engine and extension, home,
overview pages, feed, export, navigation, the sanitiser."""

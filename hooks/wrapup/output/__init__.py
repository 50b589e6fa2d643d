"""What a build writes: the staged site swapped in at the end, converted pages by content, the page store."""

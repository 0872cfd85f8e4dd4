"""`jmap serve`: the rendered site kept in memory, rebuilt as its files change, reloaded live."""

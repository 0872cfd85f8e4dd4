"""`jmap fmt`: ruamel round-trip rewrites that keep comments, and the canonical layout."""

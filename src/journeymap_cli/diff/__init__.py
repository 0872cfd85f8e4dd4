"""`jmap diff`: what changed between two versions of a map, and how it is written out."""

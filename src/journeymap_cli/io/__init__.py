"""Files in and out.

The YAML event-stream reader, the loader, path discovery, git revisions, the atomic
writer and batches over the cores.
"""

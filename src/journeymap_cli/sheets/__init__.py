"""Spreadsheets: touchpoint rows to and from CSV, and merging a workshop's sheet into a map."""

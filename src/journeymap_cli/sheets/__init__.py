"""Spreadsheets: a map to and from CSV and Excel workbooks, and merging a workshop's sheet back."""

"""Rendering: records and reports to text. Nothing here prints; the CLI writes.

``data`` holds the machine formats (JSON, NDJSON, CSV) and never imports Rich, so
scripts pay nothing for tables; ``table`` holds the Rich views for people.
"""

"""The domain: the meeting record, reference data, dates, selection and reports.

Nothing here imports Typer, Rich or TinyDB, or anything above it (storage, services, cli).
"""

"""Use cases: one transaction or one read each, between the CLI and storage."""

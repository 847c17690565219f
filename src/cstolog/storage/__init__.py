"""Storage: the store file, its read index, the undo journal, the config file."""

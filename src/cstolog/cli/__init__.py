"""The command line: Typer commands that parse flags, call the core and write output.

Each module holds one group of commands; ``app`` holds the application, the global
options and the one place where errors become messages and exit codes.
"""

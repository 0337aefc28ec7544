"""Pure domain rules, importable without Flask or a database."""

"""Use cases: each takes the database, owns its transaction and returns plain data."""

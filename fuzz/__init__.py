"""Coverage-guided fuzzing (atheris) of the ways data enters: `python -m fuzz --help`."""

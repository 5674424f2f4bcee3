"""Files that cross the office's walls: imports, exchange packages, backups."""

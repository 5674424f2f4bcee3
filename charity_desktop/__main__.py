"""`python -m charity_desktop` runs the command line (no command opens the window)."""

from charity_desktop.cli.main import main

raise SystemExit(main())

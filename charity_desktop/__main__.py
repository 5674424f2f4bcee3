"""`python -m charity_desktop`: as `charity-desktop` (no command opens the window)."""

from charity_desktop.launcher import main

raise SystemExit(main())

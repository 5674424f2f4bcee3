"""Persian text, digits, money, Jalali dates and identifier checks (no Qt, no ReportLab)."""

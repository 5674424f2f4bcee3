"""Pure rules and vocabulary of donations: kinds, channels, receipt numbers, errors."""

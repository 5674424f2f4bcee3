"""Charity Desktop: donations, receipts and summaries for relief and welfare offices."""

__version__ = "0.1.0"

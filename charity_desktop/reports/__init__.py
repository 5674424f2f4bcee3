"""PDF documents (ReportLab): receipts, the daily closing and period summaries."""

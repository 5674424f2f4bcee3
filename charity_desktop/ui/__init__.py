"""The Qt window: the only package (with app.py) that imports PySide6.

ReportLab, openpyxl and pdfium are imported where a PDF, a workbook or a print preview is
first made, not at the top of a module: loading them would add a third of a second to
every start of the window (see `python -m benchmarks startup`).
"""

"""Printing our PDFs through Qt's print dialog and preview.

PySide6-Essentials has no QtPdf, so pages are rendered to images with pdfium
(pypdfium2) and painted onto the printer's pages at its resolution.
"""

from __future__ import annotations

import pypdfium2
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

PRINT_DPI = 300


def pdf_page_images(pdf: bytes, dpi: int = PRINT_DPI) -> list[QImage]:
    """Every page of `pdf` as an image at `dpi`."""
    document = pypdfium2.PdfDocument(pdf)
    images = []
    try:
        for page in document:
            bitmap = page.render(scale=dpi / 72)
            pil = bitmap.to_pil().convert("RGB")
            data = pil.tobytes("raw", "RGB")
            image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
            images.append(image.copy())  # own the pixels before `data` goes away
            page.close()
    finally:
        document.close()
    return images


def page_size_of(pdf: bytes) -> QPageSize:
    """The first page's size, so the printer is set to the paper the PDF was made for."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        width, height = document[0].get_size()
    finally:
        document.close()
    return QPageSize(
        QSizeF(width, height), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch
    )


def paint_pages(printer: QPrinter, images: list[QImage]) -> None:
    """Paint each image on its own page, scaled to fit the printable area, aspect kept."""
    painter = QPainter(printer)
    try:
        for index, image in enumerate(images):
            if index:
                printer.newPage()
            area = painter.viewport()
            scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(area.x(), area.y(), scaled.width(), scaled.height())
            painter.drawImage(target, image)
    finally:
        painter.end()


def print_with_preview(parent: QWidget | None, pdf: bytes, title: str) -> bool:
    """Show Qt's print preview of `pdf` (its print button opens the print dialog).

    Returns True when the user printed, False when they closed the preview.
    """
    images = pdf_page_images(pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setPageLayout(
        QPageLayout(page_size_of(pdf), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda target: paint_pages(target, images))
    return dialog.exec() == QDialog.DialogCode.Accepted

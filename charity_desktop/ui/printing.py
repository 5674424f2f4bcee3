"""Printing our PDFs through Qt's print dialog and preview.

PySide6-Essentials has no QtPdf, so pages are rendered to images with pdfium
(pypdfium2) and painted onto the printer's pages at its resolution.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
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


def page_size_of(pdf: bytes) -> QSizeF:
    """The first page's size in points (A5, or an 80 mm roll as long as the receipt)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        width, height = document[0].get_size()
    finally:
        document.close()
    return QSizeF(width, height)


def set_paper(printer: QPrinter, paper: QSizeF) -> None:
    """Put `printer` on `paper` (points), portrait, printing to the paper's very edge.

    A printer that cannot take a size of its own keeps its paper; `paint_pages` still prints
    at the document's true size, so an 80 mm receipt is never blown up to fill a sheet.
    """
    printer.setFullPage(True)
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageSize(
        QPageSize(paper, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)
    )
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def paint_pages(printer: QPrinter, images: list[QImage], paper: QSizeF) -> bool:
    """Paint each image on its own page at the true size of `paper` (points), from the
    paper's top corner; False when the printer would not take the document (missing,
    renamed, unplugged)."""
    dots_per_point = printer.resolution() / 72
    target = QRectF(0, 0, paper.width() * dots_per_point, paper.height() * dots_per_point)
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for index, image in enumerate(images):
            if index:
                printer.newPage()
            painter.drawImage(target, image)
    finally:
        painter.end()
    return True


def print_pdf(
    parent: QWidget | None, pdf: bytes, title: str, *, printer_name: str = "", direct: bool = False
) -> bool:
    """Print `pdf` on `printer_name` (the system's default when empty): straight away when
    `direct`, else through Qt's print preview (its print button opens the print dialog).

    Returns True when it was printed, False when the preview was closed. A direct print
    the printer would not take opens the preview instead, where another printer can be
    chosen: nothing is counted as printed that was not.
    """
    images = pdf_page_images(pdf)
    paper = page_size_of(pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if printer_name:
        printer.setPrinterName(printer_name)
    printer.setDocName(title)
    set_paper(printer, paper)
    if direct and printer.isValid() and paint_pages(printer, images, paper):
        return True
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda target: paint_pages(target, images, paper))
    return dialog.exec() == QDialog.DialogCode.Accepted


def printer_names() -> list[str]:
    """The printers this computer knows, the default first."""
    default = QPrinterInfo.defaultPrinterName()
    names = QPrinterInfo.availablePrinterNames()
    return sorted(names, key=lambda name: (name != default, name))


def print_to_file(pdf: bytes, target: Path, title: str) -> None:
    """Print `pdf` as the printer would, into the PDF file `target` (Qt's own PDF printer)."""
    paper = page_size_of(pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    set_paper(printer, paper)
    if not paint_pages(printer, pdf_page_images(pdf), paper):
        raise OSError(f"Qt's PDF printer could not write {target}")

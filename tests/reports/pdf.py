"""Reading PDFs back as a person would: text through pdftotext, pictures through pdftoppm."""

import subprocess
import unicodedata
from pathlib import Path

import zxingcpp
from PIL import Image

# Direction marks pdftotext adds around right-to-left runs, and ZWNJ, which shaping drops.
_INVISIBLE = str.maketrans(
    "", "", "\u200c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def pdf_text(path: Path) -> str:
    """The PDF's text in logical order, NFKC-normalised (shaped presentation forms back to
    letters), without direction marks or ZWNJ; runs of spaces become one space."""
    raw = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = unicodedata.normalize("NFKC", raw).translate(_INVISIBLE)
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def typed_text(path: Path) -> str:
    """The PDF's text as pdftotext gives it, with no NFKC: only a text layer can make it the
    letters as typed. Direction marks and ZWNJ (which the layer loses) are taken out."""
    raw = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "\n".join(" ".join(line.split()) for line in raw.translate(_INVISIBLE).splitlines())


def squeeze(text: str) -> str:
    """`text` without spaces, line breaks, colons or brackets: pdftotext places these
    unreliably around numbers inside right-to-left lines."""
    return "".join(text.split()).translate(str.maketrans("", "", ":()"))


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def render_png(path: Path, *, dpi: int = 150) -> Path:
    prefix = path.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(path), str(prefix)], check=True
    )
    return prefix.with_suffix(".png")


def qr_codes(path: Path) -> list[str]:
    """Texts of the QR codes seen on the PDF's first page."""
    return [found.text for found in zxingcpp.read_barcodes(Image.open(render_png(path)))]


def pdf_fonts(path: Path) -> dict[str, bool]:
    """Every font the PDF refers to, by name, and whether it is embedded (pdffonts' "emb")."""
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    column = lines[0].index("emb")
    return {line.split()[0]: line[column : column + 3] == "yes" for line in lines[2:]}

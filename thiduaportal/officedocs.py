"""Official documents as DOCX (python-docx) in the administrative format of Nghị định 30/2020/NĐ-CP:
A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman, 13 pt in the header and
tables, 14 pt in the text; the issuing body on the left (its superior body above it), the national
motto on the right with the place and date line below it. Shared by the award dossier and the
councils' minutes; their fixed wording is Vietnamese whatever language the reader chose.
"""

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table


@dataclass(frozen=True)
class Issuer:
    """Who issues a document: the body (and its superior) in the header, the signer at the foot."""

    superior: str
    name: str  # in capitals, for the header
    body: str  # as written in a sentence
    signer_title: str
    signer_name: str


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
HEADER_PT, TEXT_PT = 13, 14
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PLACE = "Thành phố Hồ Chí Minh"


def date_line(day: datetime.date) -> str:
    """Day and month below 10 and 3 are written with a leading zero (NĐ 30/2020, Appendix I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{PLACE}, ngày {day.day:02d} tháng {month} năm {day.year}"


def run(paragraph, text: str, *, size: int = TEXT_PT, bold=False, italic=False):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    # East Asian text (Vietnamese is not, but Word falls back on it for some characters) too.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def para(container, text: str = "", *, size: int = TEXT_PT, bold=False, italic=False, align=None):
    paragraph = container.add_paragraph()
    if text:
        run(paragraph, text, size=size, bold=bold, italic=italic)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def document(*, landscape: bool = False):
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(TEXT_PT)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    width, height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    return document


def header(document, issuer: Issuer | None, *, number: str, today: datetime.date) -> None:
    """The two-column header: the issuing body and the number on the left, the national name,
    the motto and the place and date on the right."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if issuer is not None:
        if issuer.superior:
            run(left.paragraphs[0], issuer.superior, size=HEADER_PT)
            para(left, issuer.name, size=HEADER_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        else:
            run(left.paragraphs[0], issuer.name, size=HEADER_PT, bold=True)
        para(left, "––––––––", size=HEADER_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    if number:
        para(left, number, size=HEADER_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(right.paragraphs[0], NATIONAL_NAME, size=HEADER_PT, bold=True)
    para(right, MOTTO, size=TEXT_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(right, "––––––––––––––––", size=HEADER_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(right, date_line(today), size=TEXT_PT, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(document)


def signature(document, issuer: Issuer, *, recipients: Sequence[str] = ()) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    if recipients:
        run(left.paragraphs[0], "Nơi nhận:", size=12, bold=True, italic=True)
        for line in recipients:
            para(left, f"- {line};", size=11)
        para(left, "- Lưu: VT.", size=11)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = issuer.signer_title.split("\n")
    run(right.paragraphs[0], lines[0], size=TEXT_PT, bold=True)
    for line in lines[1:]:
        para(right, line, size=TEXT_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(right, "(Ký, ghi rõ họ tên và đóng dấu)", size=TEXT_PT, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _ in range(3):
        para(right)
    para(right, issuer.signer_name, size=TEXT_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def table(document, headings: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run(cell.paragraphs[0], heading, size=HEADER_PT, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            run(cell.paragraphs[0], value, size=HEADER_PT)
    return table


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

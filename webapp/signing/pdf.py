"""Sign an issued letter's PDF (PAdES; B-T with a timestamp authority) with a visible mark at the
signer block, and read the signature of any PDF back."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from flask import current_app
from PIL import Image, ImageDraw, ImageFont
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.stamp import StaticStampStyle

from webapp.signers.models import Signer
from webapp.signing.appearance import BLACK, CAPTION_PX, FONTS, draw_mark
from webapp.signing.keys import pyhanko_signer, stamp_image_path
from workflows.periods import LOCAL_ZONE

log = logging.getLogger(__name__)

FIELD_NAME = "ChuKySo"


@dataclass(frozen=True)
class SignaturePlace:
    """Where the visible mark goes: a page (from 0, -1 the last) and the room for it, in PDF
    points from the bottom-left corner."""

    page: int
    box: tuple[float, float, float, float]


def fit_box(room: tuple[float, float, float, float], ratio: float) -> tuple:
    """Return the largest box of the picture's width/height ratio centred at the top of the room."""
    left, bottom, right, top = room
    height = min(top - bottom, (right - left) / ratio)
    width = height * ratio
    middle = (left + right) / 2
    return (middle - width / 2, top - height, middle + width / 2, top)


def sign_pdf(data: bytes, signer: Signer, place: SignaturePlace, reason: str) -> bytes:
    """Return the PDF signed by the signer, its mark (with who and when) in the given place."""
    when = datetime.now(LOCAL_ZONE).replace(microsecond=0).isoformat()
    caption = (f"Ký số bởi: {signer.full_name}", f"Thời gian: {when}")
    image_path = stamp_image_path(signer)
    if image_path and image_path.is_file():
        picture = _captioned(Image.open(image_path), caption)
    else:
        picture = Image.open(
            BytesIO(draw_mark(signer.full_name, signer.issuing_body.name, caption))
        )
    style = StaticStampStyle(background=PdfImage(picture), border_width=0)
    box = fit_box(place.box, picture.width / picture.height)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=signer.issuing_body.place,
        name=signer.full_name,
    )
    tsa = current_app.config.get("SIGNATURE_TSA_URL")
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=pyhanko_signer(signer),
        timestamper=timestamps.HTTPTimeStamper(tsa) if tsa else None,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=place.page, box=box),
    )
    output = pdf_signer.sign_pdf(IncrementalPdfFileWriter(BytesIO(data)))
    return output.getvalue()


def _captioned(image: Image.Image, caption: tuple[str, ...]) -> Image.Image:
    """Return an uploaded mark picture with the caption lines added under it."""
    font = ImageFont.truetype(str(FONTS / "LiberationSerif-Regular.ttf"), CAPTION_PX)
    scale = 300 / image.height
    image = image.convert("RGBA").resize((int(image.width * scale), 300))
    width = max([image.width] + [int(font.getlength(line)) + 20 for line in caption])
    canvas = Image.new("RGBA", (width, 300 + CAPTION_PX * 6 // 5 * len(caption)), (0, 0, 0, 0))
    canvas.alpha_composite(image, (0, 0))
    pen = ImageDraw.Draw(canvas)
    for index, line in enumerate(caption):
        pen.text((10, 300 + index * CAPTION_PX * 6 // 5), line, font=font, fill=BLACK)
    return canvas

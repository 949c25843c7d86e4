"""The picture of a visible signature mark: the signature, with the seal over a third of it."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

from webapp.documents.render import DOC_TEMPLATES

FONTS = DOC_TEMPLATES / "fonts"
RED = (200, 16, 46, 255)
INK = (20, 40, 120, 255)
WIDTH, HEIGHT = 720, 300
SEAL = 280
BLACK = (0, 0, 0, 255)
# The caption's letters: 10 pt when the picture fills the signer block's 96 pt (style.css).
CAPTION_PX = 40


def draw_mark(signer_name: str, body_name: str, caption: tuple[str, ...] = ()) -> bytes:
    """Return a PNG: the signer's name as a hand signature with the body's round seal over its
    left third, and under them the caption lines (who signed, when) at a tenth of its height."""
    caption_font = ImageFont.truetype(str(FONTS / "LiberationSerif-Regular.ttf"), CAPTION_PX)
    caption_width = max((int(caption_font.getlength(line)) for line in caption), default=0)
    width = max(WIDTH, caption_width + 20)
    height = HEIGHT + CAPTION_PX * 6 // 5 * len(caption)
    canvas = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    pen = ImageDraw.Draw(canvas)
    script = ImageFont.truetype(str(FONTS / "LiberationSerif-BoldItalic.ttf"), 76)
    pen.text(
        (WIDTH // 3 + 10, HEIGHT // 2), signer_name.split()[-1], font=script, fill=INK, anchor="lm"
    )
    pen.line([(WIDTH // 3, HEIGHT * 0.72), (WIDTH - 40, HEIGHT * 0.62)], fill=INK, width=5)
    canvas.alpha_composite(_seal(body_name), (10, (HEIGHT - SEAL) // 2))
    for index, line in enumerate(caption):
        pen.text((10, HEIGHT + index * CAPTION_PX * 6 // 5), line, font=caption_font, fill=BLACK)
    out = io.BytesIO()
    canvas.save(out, format="PNG")
    return out.getvalue()


def _seal(body_name: str) -> Image.Image:
    seal = Image.new("RGBA", (SEAL, SEAL), (255, 255, 255, 0))
    pen = ImageDraw.Draw(seal)
    pen.ellipse((4, 4, SEAL - 4, SEAL - 4), outline=RED, width=8)
    pen.ellipse((44, 44, SEAL - 44, SEAL - 44), outline=RED, width=4)
    ring = ImageFont.truetype(str(FONTS / "LiberationSerif-Bold.ttf"), 24)
    text = f"{body_name.upper()} • "
    radius = SEAL / 2 - 26
    for index, char in enumerate(text):
        angle = -math.pi / 2 + 2 * math.pi * index / len(text)
        x, y = SEAL / 2 + radius * math.cos(angle), SEAL / 2 + radius * math.sin(angle)
        glyph = Image.new("RGBA", (40, 40), (255, 255, 255, 0))
        ImageDraw.Draw(glyph).text((20, 20), char, font=ring, fill=RED, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.BICUBIC)
        seal.alpha_composite(glyph, (int(x - 20), int(y - 20)))
    pen.polygon(_star(SEAL / 2, SEAL / 2, 46, 18), fill=RED)
    # A seal is pressed, not printed: a little of the paper shows through.
    seal.putalpha(seal.getchannel("A").point(lambda alpha: int(alpha * 0.85)))
    return seal


def _star(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    """Return the ten corners of a five-pointed star, a point up."""
    corners = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + math.pi * index / 5
        corners.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return corners

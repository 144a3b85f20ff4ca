"""QR codes drawn on the server as SVG (qrcode's path image: one <path>, no style attribute, no script),
so the CSP needs no exception: a page shows one as an image from carewatch itself or as a ``data:`` image.
Why this library: docs/adr/0013-qr-codes-and-feedback-posters.md."""

from __future__ import annotations

from base64 import b64encode

import qrcode
import qrcode.constants
import qrcode.image.svg


def svg(text: str) -> bytes:
    """``text`` (a web address) as a QR code in SVG, with the 4-module quiet zone readers expect and error
    correction M (15% of the code can be damaged or dirty, as on a poster on a wall)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    code.add_data(text)
    code.make(fit=True)
    return code.make_image().to_string()


def data_uri(text: str) -> str:
    """The QR code of ``text`` as an SVG ``data:`` URI for an ``<img>`` (the CSP allows ``data:`` images)."""
    return "data:image/svg+xml;base64," + b64encode(svg(text)).decode()

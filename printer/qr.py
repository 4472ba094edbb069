"""QR code sized to whole printer dots, so every module prints as a crisp square."""

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_L, ERROR_CORRECT_M

from .errors import QRCodeTooLarge

QUIET_ZONE = 4  # modules of white border the QR standard asks for
MIN_DOTS_PER_MODULE = 3  # 3 dots = 0.375 mm at 203 dpi: below that phone cameras struggle
MAX_DOTS_PER_MODULE = 8  # bigger only wastes paper


def qr_image(data: str, max_width: int) -> Image.Image:
    """Return a 1-bit QR image no wider than ``max_width`` dots.

    Tries error correction M first, then L (smaller code) before giving up with QRCodeTooLarge.
    """
    if not data:
        raise QRCodeTooLarge("Không có đường dẫn theo dõi để tạo mã QR.")
    for level in (ERROR_CORRECT_M, ERROR_CORRECT_L):
        code = qrcode.QRCode(version=None, error_correction=level, box_size=1, border=QUIET_ZONE)
        code.add_data(data)
        try:
            code.make(fit=True)
        except (ValueError, qrcode.exceptions.DataOverflowError):
            continue  # more than version 40 can hold
        modules = code.modules_count + 2 * QUIET_ZONE
        dots = min(max_width // modules, MAX_DOTS_PER_MODULE)
        if dots >= MIN_DOTS_PER_MODULE:
            small = code.make_image(fill_color="black", back_color="white").get_image().convert("1")
            return small.resize((modules * dots, modules * dots), Image.Resampling.NEAREST)
    raise QRCodeTooLarge(
        f"Đường dẫn theo dõi quá dài ({len(data)} ký tự) để in mã QR đọc được "
        f"trên khổ giấy {max_width} điểm."
    )

"""Draw the app icons (PNG, standard library only): python3 pwa/icons/make_icons.py

A white mountain range with a road winding towards it, on the app's teal. The maskable
variants keep the drawing inside the central 80 % safe zone and fill the whole square.
"""
import math
import struct
import zlib
from pathlib import Path

TEAL = (11, 85, 99)
WHITE = (255, 255, 255)
SUN = (255, 191, 71)
HERE = Path(__file__).resolve().parent


def png(width, height, pixels):
    """Encode rows of RGB tuples as an 8-bit RGB PNG."""
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def inside_round_rect(x, y, size, radius):
    cx = min(max(x, radius), size - radius)
    cy = min(max(y, radius), size - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def colour_at(u, v):
    """The drawing in unit coordinates (0..1, y downwards)."""
    if (u - 0.70) ** 2 + (v - 0.28) ** 2 <= 0.075 ** 2:
        return SUN
    # Two peaks: a big one and a smaller one to the left.
    peak1 = 0.30 + abs(u - 0.58) * 1.1
    peak2 = 0.45 + abs(u - 0.28) * 1.2
    if v >= min(peak1, peak2) and v <= 0.72:
        return WHITE
    # The road: a band that narrows towards the mountains.
    if 0.72 < v <= 0.95:
        t = (v - 0.72) / 0.23
        centre = 0.5 + 0.08 * math.sin(t * math.pi * 1.5)
        half = 0.02 + 0.13 * t
        if abs(u - centre) <= half:
            return WHITE
    return TEAL


def draw(size, maskable):
    rows = []
    radius = size * 0.18
    for y in range(size):
        row = []
        for x in range(size):
            if not maskable and not inside_round_rect(x + 0.5, y + 0.5, size, radius):
                row.append(WHITE)  # transparent corners would need RGBA; white blends in
                continue
            u, v = (x + 0.5) / size, (y + 0.5) / size
            if maskable:  # shrink the drawing into the safe zone
                u, v = (u - 0.5) / 0.72 + 0.5, (v - 0.5) / 0.72 + 0.5
            row.append(colour_at(u, v) if 0 <= u <= 1 and 0 <= v <= 1 else TEAL)
        rows.append(row)
    return png(size, size, rows)


def main():
    for size in (192, 512):
        (HERE / f"icon-{size}.png").write_bytes(draw(size, maskable=False))
        (HERE / f"maskable-{size}.png").write_bytes(draw(size, maskable=True))
    print("icons written to", HERE)


if __name__ == "__main__":
    main()

"""Draw the Analyst Workbench app icon and write it in every format the installers need.

    python packaging/icons/make_icons.py      # needs Pillow (a build-time tool only)

Writes workbench.png (512 px, Linux .desktop and docs), workbench.ico (Windows, 16-256 px)
and workbench.icns (macOS) beside this script. The design: a navy tile holding three white
bars of a weekly report chart and a rising red line (red is "up" on the A-share market).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZE = 1024  # drawn large, scaled down with antialiasing

NAVY = (31, 58, 95, 255)
NAVY_LIGHT = (44, 82, 130, 255)
WHITE = (255, 255, 255, 255)
PAPER = (226, 233, 242, 255)
RED = (214, 48, 49, 255)


def draw(size: int = SIZE) -> Image.Image:
    s = size / 1024
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    # tile with a slightly lighter top band, both cut by the same rounded mask
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle([40 * s, 40 * s, 984 * s, 984 * s], radius=200 * s, fill=255)
    tile = Image.new("RGBA", (size, size), NAVY)
    ImageDraw.Draw(tile).rectangle([0, 0, size, 420 * s], fill=NAVY_LIGHT)
    img.paste(tile, (0, 0), mask)
    # baseline and three bars
    d.rounded_rectangle([190 * s, 800 * s, 834 * s, 830 * s], radius=12 * s, fill=PAPER)
    bars = [(230, 560), (430, 450), (630, 330)]
    for x, top in bars:
        d.rounded_rectangle([x * s, top * s, (x + 150) * s, 790 * s], radius=24 * s, fill=WHITE)
    # rising line with an arrow head
    pts = [(200 * s, 600 * s), (400 * s, 470 * s), (560 * s, 520 * s), (800 * s, 250 * s)]
    d.line(pts, fill=RED, width=int(56 * s), joint="curve")
    for x, y in pts[:-1]:
        r = 34 * s
        d.ellipse([x - r, y - r, x + r, y + r], fill=RED)
    d.polygon([(860 * s, 180 * s), (720 * s, 230 * s), (830 * s, 330 * s)], fill=RED)
    return img


def main() -> None:
    big = draw()
    png = big.resize((512, 512), Image.LANCZOS)
    png.save(HERE / "workbench.png", optimize=True)
    big.save(HERE / "workbench.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64),
                                           (128, 128), (256, 256)])
    big.save(HERE / "workbench.icns")
    for name in ("workbench.png", "workbench.ico", "workbench.icns"):
        print(f"{name}: {(HERE / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()

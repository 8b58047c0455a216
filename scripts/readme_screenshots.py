"""Copy the README's two screenshots from the browser test's into docs/screenshots/, cut to the
screen (the first 1366x768 or 1920x1080 pixels of the full page) and kept small (a 256-colour
palette: text and flat colours survive it).

Usage: first the browser test that takes them,
    .venv/bin/pytest -n0 tests/web/test_screens_browser.py
then  .venv/bin/python scripts/readme_screenshots.py
"""

from pathlib import Path

from PIL import Image

SOURCE = Path("var/screenshots")
TARGET = Path("docs/screenshots")
SHOTS = {  # test's screenshot -> README's, with the screen it was taken on
    "screens-my-work-vi-1366.png": ("my-work-vi-1366.png", (1366, 768)),
    "screens-petition-en-1920.png": ("petition-en-1920.png", (1920, 1080)),
}
LIMIT = 250_000  # bytes, each


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, (target, (width, height)) in SHOTS.items():
        image = Image.open(SOURCE / name).convert("RGB")
        image = image.crop((0, 0, width, min(height, image.height)))
        small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                               dither=Image.Dither.NONE)
        path = TARGET / target
        small.save(path, optimize=True)
        size = path.stat().st_size
        print(f"{path}: {image.width}x{image.height}, {size // 1024} KB")
        if size > LIMIT:
            raise SystemExit(f"{path} is over {LIMIT // 1000} KB")


if __name__ == "__main__":
    main()

"""Take screenshots of the main pages in headless Chromium (for looking at the UI).

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL] [USER] [PASSWORD] [LANG]
Needs Debian's chromium and the playwright package (no browser download).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
USER = sys.argv[2] if len(sys.argv) > 2 else "nghean"
PASSWORD = sys.argv[3] if len(sys.argv) > 3 else "demo"
LANG = sys.argv[4] if len(sys.argv) > 4 else "vi"
PAGES = sys.argv[5].split(",") if len(sys.argv) > 5 else [
    "/", "/matters/", "/directions/?status=overdue", "/matters/new/", "/units/quang_tri/",
]
OUT = Path("screenshots")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

OUT.mkdir(exist_ok=True)
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{BASE}/login/")
    page.fill("#id_username", USER)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].btn-danger")
    if LANG == "en":
        page.click("button[value=en]")
    for path in PAGES:
        page.goto(BASE + path)
        name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-") or "dashboard"
        target = OUT / f"{LANG}_{USER}_{name}.png"
        page.screenshot(path=str(target), full_page=True)
        print(target)
    browser.close()

"""The staff pages fit the window: no sideways scrolling at the widths officers' screens have,
in either language (Vietnamese labels are the longest). Below 1200 px the menu collapses behind
its button; from 1200 px it is laid out in one line with the search box visible (the offices'
laptops are 1366 px wide), which must still fit."""

from __future__ import annotations

import pytest

from oversight.accounts.roles import Role
from tests.browser import MARKS, sign_in

pytestmark = MARKS

WIDTHS = (1024, 1280, 1366, 1400, 1536, 1700, 1920)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_navbar_fits_every_width(browser, make_user, language):
    user = make_user("nguyenvanthanh", "thanh_hoa", roles=(Role.HEAD,))
    for width in WIDTHS:
        page = browser(width=width)
        sign_in(page, user, "/")
        if language == "en":
            if width < 1200:
                page.click("nav .navbar-toggler")
                # the menu slides open; a click during the slide can miss the button (it moves)
                page.wait_for_selector("nav .navbar-collapse.show:not(.collapsing)")
            with page.expect_navigation():
                page.click("nav button[value=en]")
        page.wait_for_selector(f"html[lang={language}]")
        overflow = page.evaluate("document.documentElement.scrollWidth") - width
        assert overflow <= 0, f"{language} at {width} px: the page is {overflow} px too wide"
        if width >= 1280:  # the menu is laid out: every item is on one line, inside the window
            assert page.is_visible("nav .nav-search"), f"{language} at {width} px: no search box"
            assert not page.is_visible("nav .navbar-toggler")
            bar = page.locator("nav.navbar").bounding_box()
            assert bar["height"] < 70, f"{language} at {width} px: the menu wraps ({bar})"
            rights = page.locator("nav .navbar-collapse > *").evaluate_all(
                "els => els.map(e => e.getBoundingClientRect().right)")
            assert max(rights) <= width, f"{language} at {width} px: {rights}"
            # the user menu opens on its Sign out button
            page.click("nav button.dropdown-toggle:has(.bi-person-circle)")
            assert page.is_visible("nav form[action='/logout/'] button")
        page.context.close()

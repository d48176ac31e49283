"""cookie_notice: cookie banners and consent notices."""

from __future__ import annotations

import pytest

from ._helpers import reason

DROP = [
    "We use cookies to improve your experience. Accept all cookies",
    "This website uses cookies. By continuing to browse you agree.",
    "Wir verwenden Cookies, um unsere Website für Sie zu verbessern.",
    "Nous utilisons des cookies pour améliorer votre expérience.",
    "Мы используем файлы cookie для улучшения работы сайта.",
    "本网站使用cookie以提升您的浏览体验。",
    "当サイトではクッキーを使用しています。",
]
KEEP = [
    "She baked cookies for the whole street every Sunday.",
    "Browser makers plan to phase out third-party cookies next year, the report said.",
    "Wir verwenden Mehl, Zucker und Butter für die Kekse.",
    "We use cookies " + "and more words " * 40,  # too long for a banner
]


@pytest.mark.parametrize("line", DROP)
def test_drops_banners(line: str) -> None:
    assert reason(line, "cookie_notice")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_other_cookies(line: str) -> None:
    assert reason(line, "cookie_notice") is None

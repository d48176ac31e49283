"""share_prompt: share buttons, follow prompts and newsletter sign-ups."""

from __future__ import annotations

import pytest

from ._helpers import reason

DROP = [
    "Share this article",
    "Facebook",
    "Subscribe to our newsletter for the latest updates",
    "Follow us on Twitter",
    "Teilen",
    "Suivez-nous sur Instagram",
    "Подпишитесь на наш канал в Telegram",
    "分享到微信",
    "Bagikan",
    "Thank you! Please check your inbox now for your welcome email.",
    "Thanks for subscribing to the Tram Weekly.",
    "Help me spread the word about this podcast!",
    "SHARE YOUR STORY",
]
KEEP = [
    "Share prices fell 3% on Monday after the announcement.",
    "Facebook said on Monday it would appeal against the fine.",
    "Follow the river path for two miles until you reach the bridge.",
    "Word of the closure spread along the quay within an hour.",
    "Teilen Sie Ihre Erfahrungen mit uns, bat der Bürgermeister die Anwohner.",
    "Thank you for the tram tickets, wrote a reader who checks her inbox daily.",
]


@pytest.mark.parametrize("line", DROP)
def test_drops_prompts(line: str) -> None:
    assert reason(line, "share_prompt")


@pytest.mark.parametrize("line", KEEP)
def test_keeps_sentences(line: str) -> None:
    assert reason(line, "share_prompt") is None

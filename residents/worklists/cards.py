"""Cards that other apps add to the morning overview (residents never imports those apps)."""

from __future__ import annotations

from collections.abc import Callable

CardProvider = Callable[..., list[dict]]
_card_providers: list[CardProvider] = []


def worklist_cards(provider: CardProvider) -> None:
    """Add a provider `(user) -> [{"url", "title", "count", "note"?}]` of cards; each app calls
    it from its `AppConfig.ready()`."""
    if provider not in _card_providers:
        _card_providers.append(provider)


def cards_from_apps(user) -> list[dict]:
    return [card for provider in _card_providers for card in provider(user)]

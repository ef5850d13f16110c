"""cyberdip: a terminal explainer of EU cyber diplomacy."""

__version__ = "0.1.0"

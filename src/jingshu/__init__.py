"""精数 jingshu."""

__version__ = "0.1.0"

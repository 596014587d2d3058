"""khabar: Arabic news to structured, sourced, dated political event data (schema khabar/1)."""

__version__ = "0.1.0"

__all__ = ["__version__"]

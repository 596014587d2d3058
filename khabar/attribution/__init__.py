"""Attribution: reported speech in Arabic news — cue, source (kind, count, affiliation), content, status."""

from khabar.attribution.lookup import attribution_for

__all__ = ["attribution_for"]

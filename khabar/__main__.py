"""``python -m khabar …``: the same command line as the ``khabar`` script."""

from khabar.cli import entry

entry()

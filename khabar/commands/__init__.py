"""CLI commands, one module each (see ``khabar.cli.COMMANDS``)."""

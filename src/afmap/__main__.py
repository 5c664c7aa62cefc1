"""Allow ``python -m afmap``."""

from afmap.cli import cli

if __name__ == "__main__":
    cli(prog_name="afmap")

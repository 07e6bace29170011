"""`python -m publisher` → the CLI."""

from publisher.cli import main

main()

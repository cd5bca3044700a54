"""`python -m sightline`: the same as the `sightline` command."""

from sightline.cli.app import main

main()

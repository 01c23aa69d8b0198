"""``python -m translate``: the same CLI as the ``translate`` command."""

from translate.cli import main

main()

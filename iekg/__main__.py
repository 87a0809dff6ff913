"""``python -m iekg``."""

from iekg.cli import main

main()

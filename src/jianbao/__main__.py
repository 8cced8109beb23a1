"""``python -m jianbao``: the same command line as ``jianbao``."""

from jianbao.cli import main

main()

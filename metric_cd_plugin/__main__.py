"""`python -m metric_cd_plugin ...`: the command-line adapter (see cli.py)."""
import sys

from metric_cd_plugin.cli import main

sys.exit(main())

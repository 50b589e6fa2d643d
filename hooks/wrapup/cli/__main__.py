"""``python -m wrapup.cli``: the same command as ``wrapup``."""

import sys

from wrapup.cli.main import main

sys.exit(main())

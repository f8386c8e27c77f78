"""``python -m obv3`` runs the command line."""

import sys

from obv3.cli import main

sys.exit(main())

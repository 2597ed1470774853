"""`python -m builder` runs the jobboard command line."""

import sys

from .cli import main

sys.exit(main())

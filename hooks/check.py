"""Check all content without building the site: ``python hooks/check.py``.

The command itself is :mod:`treaty_dossier.contrib.check`; this file lets it run from a checkout.
"""

import sys

from treaty_dossier.contrib.check import main

if __name__ == "__main__":
    sys.exit(main())

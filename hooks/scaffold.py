"""Start a new annotation or source file: ``python hooks/scaffold.py annotation|source ...``.

The command itself is :mod:`treaty_dossier.contrib.scaffold`; this file lets it run from a checkout.
"""

import sys

from treaty_dossier.contrib.scaffold import main

if __name__ == "__main__":
    sys.exit(main())

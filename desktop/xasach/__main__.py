"""`python -m xasach`: the same entry point as the `xasach` command."""

import sys

from xasach.cli import main

sys.exit(main())

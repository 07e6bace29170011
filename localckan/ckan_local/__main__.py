"""``python3 localckan/ckan_local up|stop|reset|status`` (what ckan-local.sh runs)."""

import os
import sys

if __package__ == "":  # run as a folder: import the package from its parent folder instead
    sys.path[0] = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))

from ckan_local.cli import main

sys.exit(main())

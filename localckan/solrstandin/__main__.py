"""``python3 -m solrstandin``: run the Solr stand-in."""

import sys

from .server import main

sys.exit(main())

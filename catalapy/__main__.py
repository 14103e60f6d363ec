import sys

from catalapy.cli import main

sys.exit(main())

import sys

from empathic.cli import main

sys.exit(main())

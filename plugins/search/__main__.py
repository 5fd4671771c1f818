"""The indexing process the build starts: `python -m plugins.search JOB RESULT BUILD_PID`
(see worker.py)."""

import sys

from .worker import main

if __name__ == "__main__":  # not when a test runner imports this file
    main(sys.argv[1:])

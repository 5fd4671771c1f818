"""One build in a process of its own, so that its peak memory can be read when it ends.

    python -m bench.child project SETTINGS OUTPUT OVERRIDES_JSON   # portal/engine/build.py, as
    `invoke build` python -m bench.child plain SETTINGS OUTPUT OVERRIDES_JSON     # stock Pelican

Exits with 1 if the build failed or (plain) Pelican logged an error.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path


class _Errors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


def plain_build(settings: Path, output: Path, overrides: dict) -> int:
    """Pelican as `pelican -s SETTINGS -o OUTPUT` runs it; the number of errors it logged."""
    from pelican import Pelican
    from pelican.settings import read_settings

    errors = _Errors()
    logging.getLogger("pelican").addHandler(errors)
    Pelican(read_settings(str(settings), override={**overrides, "OUTPUT_PATH": str(output)})).run()
    return errors.count


def main(argv: list[str]) -> int:
    kind, settings, output, overrides = argv[0], Path(argv[1]), Path(argv[2]), json.loads(argv[3])
    if kind == "plain":
        return 1 if plain_build(settings, output, overrides) else 0
    from portal.engine.build import build, leave_to_the_os

    build(settings, output, overrides)
    leave_to_the_os()  # as `invoke build` does
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

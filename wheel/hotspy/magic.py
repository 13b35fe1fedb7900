"""IPython magics: `%hotspy statement` and `%%hotspy` run the code in this kernel, with its
variables, sample it while it runs, and print the ranked advice for it.

The code is written to a file first (one per cell, `hotspy_cell_<n>.py` in a folder of this
session), so that the profile names real lines and the static rules can read them.
"""

import os
import shlex
import sys
import tempfile

from IPython.core.magic import Magics, line_cell_magic, magics_class


def _run(code, namespace):
    # The sampler's stacks start below this frame: the cell's own code is their root.
    exec(code, namespace)


@magics_class
class HotspyMagics(Magics):
    _folder = None
    _count = 0

    @line_cell_magic
    def hotspy(self, line, cell=None):
        """%hotspy STATEMENT, or %%hotspy [--html FILE] over a cell: run it and print what to fix first."""
        html = None
        if cell is None:
            source = line
        else:
            source = cell
            words = shlex.split(line)
            if words[:1] == ["--html"] and len(words) == 2:
                html = words[1]
            elif words:
                print("usage: %%hotspy [--html FILE]", file=sys.stderr)
                return
        if not source.strip():
            print("usage: %hotspy STATEMENT, or %%hotspy over a cell", file=sys.stderr)
            return
        path = self._write(source)
        code = compile(source, path, "exec")
        namespace = self.shell.user_ns

        from hotspy._session import inprocess

        profile = path[:-3] + ".profile.json"
        session = inprocess().Session(profile, command=["%hotspy", os.path.basename(path)],
                                      stop_codes=[_run.__code__])
        problem = session.start()
        if problem:
            print("hotspy: not profiling this cell: %s; it runs as usual" % problem, file=sys.stderr)
            _run(code, namespace)
            return
        try:
            _run(code, namespace)
        finally:
            session.stop()
            if session.displaced_by:
                print("hotspy: SIGALRM was taken by %s while the cell ran; the profile covers only the "
                      "time before that" % session.displaced_by, file=sys.stderr)
            from hotspy._cli import advice

            sys.stdout.write(advice(profile, html=html, python=sys.executable))

    def _write(self, source):
        if HotspyMagics._folder is None:
            HotspyMagics._folder = tempfile.mkdtemp(prefix="hotspy-cells-")
        HotspyMagics._count += 1
        count = getattr(self.shell, "execution_count", None) or HotspyMagics._count
        path = os.path.join(HotspyMagics._folder, "hotspy_cell_%d_%d.py" % (count, HotspyMagics._count))
        with open(path, "w", encoding="utf-8") as out:
            out.write(source if source.endswith("\n") else source + "\n")
        return path


def register(ipython):
    ipython.register_magics(HotspyMagics)

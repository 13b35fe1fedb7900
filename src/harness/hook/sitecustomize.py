"""hotspy's hook for the child interpreters of a profiled program (see hotspy_children.py).

Only hotspy's runs put this directory on PYTHONPATH. The hook takes itself out of sys.path and of
os.environ (PYTHONPATH and HOTSPY_CHILDREN read as they were before hotspy), starts recording the
child (Python 3.8+ only; older interpreters just get the clean-up), then imports the
sitecustomize it hides, the interpreter's or the virtual environment's, as site.py would have.
It must parse on Python 2.7 and 3.6 as well: no f-strings, no keyword-only arguments.
"""

import sys

_ENV = "HOTSPY_CHILDREN"


def _hotspy_hook():
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if not p or os.path.abspath(p) != here]
    sys.path_importer_cache.pop(here, None)
    raw = os.environ.get(_ENV)
    settings = None
    if raw and sys.version_info >= (3, 8):
        try:
            import json
            settings = json.loads(raw)
        except ValueError:
            settings = None
    _hide_from_environ(os, here, settings)
    if settings:
        harness = settings.get("harness")
        sys.path.insert(0, harness)
        try:
            import hotspy_children
            hotspy_children.start_in_new_interpreter(settings)
        except Exception:
            pass  # never the program's problem
        finally:
            if sys.path and sys.path[0] == harness:
                del sys.path[0]


def _hide_from_environ(os, here, settings):
    """Edits the os.environ mapping only: the C environment, which children inherit, keeps both."""
    environ = os.environ
    data = getattr(environ, "_data", None)
    if data is None:
        data = getattr(environ, "data", None)  # Python 2.7
    if data is None:
        return
    encode_key = getattr(environ, "encodekey", lambda key: key)
    encode_value = getattr(environ, "encodevalue", lambda value: value)
    data.pop(encode_key(_ENV), None)
    current = environ.get("PYTHONPATH")
    if current is None:
        return
    if settings is not None and "pythonpath" in settings:
        original = settings["pythonpath"]
    else:
        parts = current.split(os.pathsep)
        original = os.pathsep.join(parts[1:]) if parts and os.path.abspath(parts[0]) == here else current
        original = original or None
    if original is None:
        data.pop(encode_key("PYTHONPATH"), None)
    else:
        data[encode_key("PYTHONPATH")] = encode_value(original)


def _chain():
    """Import the sitecustomize this one hides, if any; site.py reports its errors as usual."""
    mine = sys.modules.pop("sitecustomize", None)
    try:
        __import__("sitecustomize")
    except ImportError as error:
        if getattr(error, "name", "sitecustomize") != "sitecustomize":
            raise
        # The import statement in site.py expects a module under this name.
        sys.modules["sitecustomize"] = mine


try:
    _hotspy_hook()
except Exception:
    pass
_chain()

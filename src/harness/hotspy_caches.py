"""The functools caches of the program's own code, read once at exit (cache-health, HD10).

Only objects of functools' own C wrapper type are touched, and on them only cache_info() and
__wrapped__: the scan never calls user code (no getattr on user objects, which could run a
__getattr__ or a property), never reads an instance's __dict__, and skips modules that are not
the user's files (standard library, site-packages, the harness), so it stays cheap on programs
that import large libraries. Standard library only; Python 3.8+.
"""

import os
import sys
import types

# More is noise in a report and time spent at exit.
MAX_CACHES = 200

_LIBRARY_PARTS = (os.sep + "site-packages" + os.sep, os.sep + "dist-packages" + os.sep)


def _library_roots():
    roots = {os.path.dirname(os.path.abspath(__file__))}
    stdlib = getattr(os, "__file__", None)
    if stdlib:
        roots.add(os.path.dirname(os.path.abspath(stdlib)))
        roots.add(os.path.dirname(os.path.realpath(stdlib)))
    return tuple(root + os.sep for root in roots)


def is_user_file(path, roots):
    if type(path) is not str or not path or path.startswith("<") or not path.endswith(".py"):
        return False
    if any(part in path for part in _LIBRARY_PARTS):
        return False
    if path.startswith(roots):  # module files are nearly always absolute already: no abspath
        return False
    return os.path.isabs(path) or not os.path.abspath(path).startswith(roots)


def _is(obj, kind):
    """isinstance() without its fallback to obj.__class__, which user code can define."""
    return issubclass(type(obj), kind)


def _plain_dict(obj):
    """The attribute dict of a module or class without running a metaclass's or subclass's code."""
    try:
        if _is(obj, type):
            return type.__dict__["__dict__"].__get__(obj)
        if _is(obj, types.ModuleType):
            return types.ModuleType.__dict__["__dict__"].__get__(obj)
    except Exception:
        return None
    return None


def _wrappers_in(namespace, wrapper_type):
    """lru_cache wrappers among a namespace's values, also behind staticmethod/classmethod."""
    for value in list(namespace.values()):
        if _is(value, (staticmethod, classmethod)):
            value = value.__func__
        if _is(value, wrapper_type):
            yield value


def collect():
    """[{file, line, name, hits, misses, maxsize, currsize}] for the user's caches alive now."""
    functools = sys.modules.get("functools")
    wrapper_type = getattr(functools, "_lru_cache_wrapper", None) if functools else None
    if not isinstance(wrapper_type, type):
        return []
    roots = _library_roots()
    try:
        modules = list(sys.modules.values())
    except RuntimeError:  # another thread imported meanwhile
        return []
    seen = set()
    found = []
    for module in modules:
        namespace = _plain_dict(module)
        if namespace is None or not is_user_file(namespace.get("__file__"), roots):
            continue
        wrappers = list(_wrappers_in(namespace, wrapper_type))
        for value in list(namespace.values()):
            # Classes defined here (not imported ones, which their own module covers).
            attributes = _plain_dict(value) if _is(value, type) else None
            owner = attributes.get("__module__") if attributes is not None else None
            if type(owner) is str and owner == namespace.get("__name__"):
                wrappers.extend(_wrappers_in(attributes, wrapper_type))
        for wrapper in wrappers:
            if id(wrapper) in seen or len(found) >= MAX_CACHES:
                continue
            seen.add(id(wrapper))
            entry = _describe(wrapper, roots)
            if entry is not None:
                found.append(entry)
    found.sort(key=lambda e: (e["file"], e["line"], e["name"]))
    return found


def _describe(wrapper, roots):
    wrapped = wrapper.__dict__.get("__wrapped__")
    if type(wrapped) is not types.FunctionType:
        return None
    code = wrapped.__code__
    if not is_user_file(code.co_filename, roots):
        return None
    info = wrapper.cache_info()
    return {
        "file": os.path.abspath(code.co_filename),
        "line": code.co_firstlineno,
        "name": wrapped.__qualname__ if type(wrapped.__qualname__) is str else code.co_name,
        "hits": info.hits,
        "misses": info.misses,
        "maxsize": info.maxsize,
        "currsize": info.currsize,
    }


def safe_collect():
    """collect(), but never an exception at exit: the profile matters more than this section."""
    try:
        return collect()
    except Exception:
        return []

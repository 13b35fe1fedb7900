"""Live instances of the program's own classes without __slots__ (slots-census, HD08).

A raw thread counts the instances a few times during the run, at 0.5 s, then after 1 s, 2 s,
4 s and every 4 s (never sooner than 20 times the CPU time the last count took, so the counts
take at most 5 % of the run), and once more when the profile is written. A count is one
gc.get_objects() (a temporary list of 8 bytes per tracked object) reduced by C code
(Counter(map(id, map(type, ...)))) over every object up to 200,000 and over every k-th beyond
(k prime, about 50,000 counted, the counts multiplied by k: an estimate), so no user code runs: classes are keyed by id, never hashed,
and instances are never asked for attributes. Their __dict__ is never read (on 3.11+ reading it
builds the dict and grows the program); the number of attributes of a handful of instances comes
from gc.get_referents (the dict on 3.10 and earlier, the attribute values on 3.11+), read in the
first count that finds the class over the threshold.

The bytes a slots version would save per instance are measured on this interpreter when the
profile is written: a twin class with as many attributes, 2,000 instances with and without
__slots__, under tracemalloc (started and stopped for that, or read as a difference when the
program or --memory-mode exact already traces). Standard library only; Python 3.8+.
"""

import _thread
import gc
import os
import signal
import sys
import time

import hotspy_caches

FIRST_COUNT = 0.5
# Intervals double from FIRST_COUNT up to this, so a long run is still counted every few seconds.
LONGEST_INTERVAL = 4.0
# The counts' share of the run's wall time, at most (their own CPU time against the wait between).
MAX_SHARE = 0.05
MAX_COUNTS = 1000
# Classes with fewer live instances at their peak are not reported.
MIN_INSTANCES = 1000
# Instances sampled per class for their number of attributes.
SAMPLED = 8
MAX_CLASSES = 50
TWINS = 2000
# Up to this many tracked objects every one is counted; beyond, a stride keeps about SAMPLED_OBJECTS.
EXACT_UP_TO = 200000
SAMPLED_OBJECTS = 50000


class Census:
    def __init__(self, ignored_tids):
        self._ignored = ignored_tids
        self._lock = _thread.allocate_lock()
        self._started = None
        self._stopped = False
        self.counts = 0
        self.seconds = 0.0
        # id(class) -> [class, peak, peak time, count at exit]
        self._peaks = {}
        # The resident memory recorder's window lock (set by the harness): a count never runs
        # while allocations are traced, which would charge the count's own to stdlib lines.
        self.exclusive = None

    def start(self, started, native_ids=None):
        self._started = started
        self._native_ids = native_ids
        _thread.start_new_thread(self._run, ())

    def _run(self):
        self._ignored.add(_thread.get_ident())
        if self._native_ids is not None and hasattr(_thread, "get_native_id"):
            self._native_ids.append(_thread.get_native_id())
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        interval = FIRST_COUNT
        due = self._started + interval
        while self.counts < MAX_COUNTS:
            time.sleep(max(0.001, due - time.perf_counter()))
            cost = self.count(at_exit=False)
            if cost is None:
                return
            due = time.perf_counter() + max(interval, cost / MAX_SHARE)
            interval = min(interval * 2, LONGEST_INTERVAL)

    def count(self, at_exit):
        """One census; returns its duration, or None once the run is over."""
        exclusive = self.exclusive
        # a window lasts milliseconds; the timeout only guards against a lock left held by a fork
        held = exclusive is not None and not at_exit and exclusive.acquire(True, 1.0)
        try:
            return self._count_locked(at_exit)
        finally:
            if held:
                exclusive.release()

    def _count_locked(self, at_exit):
        with self._lock:
            if self._stopped:
                return None
            # the thread's own CPU time: its wall time also counts the program's turns with the GIL
            began = time.thread_time()
            try:
                self._count(time.perf_counter() - self._started if self._started is not None else 0.0, at_exit)
            except Exception:
                pass
            cost = time.thread_time() - began
            self.counts += 1
            self.seconds += cost
            if at_exit:
                self._stopped = True
            return cost

    def _count(self, when, at_exit):
        import collections

        classes = _user_classes()
        if not classes:
            return
        objects = gc.get_objects()
        try:
            stride = _stride(len(objects))
            counted_objects = objects[::stride] if stride > 1 else objects
            counted = collections.Counter(map(id, map(type, counted_objects)))
            for key, cls in classes.items():
                n = counted.get(key, 0) * stride
                entry = self._peaks.get(key)
                if entry is None:
                    if n < MIN_INSTANCES and not at_exit:
                        continue
                    entry = self._peaks[key] = [cls, 0, 0.0, 0, None]
                if n > entry[1]:
                    entry[1], entry[2] = n, when
                if at_exit:
                    entry[3] = n
            self._sample_attributes(counted_objects)
        finally:
            del objects

    def _sample_attributes(self, objects):
        """Attributes of a few instances of each class over the threshold whose count is not known yet
        (or may have grown), read while they are alive: at exit they may be gone."""
        wanted = {key: [] for key, entry in self._peaks.items() if entry[1] >= MIN_INSTANCES and entry[4] is None}
        if not wanted:
            return
        missing = len(wanted)
        for obj in objects:
            found = wanted.get(id(type(obj)))
            if found is None or len(found) >= SAMPLED:
                continue
            found.append(_attribute_count(obj))
            if len(found) == SAMPLED:
                missing -= 1
                if missing == 0:
                    break
        for key, found in wanted.items():
            known = [n for n in found if n is not None]
            if known:
                self._peaks[key][4] = max(known)

    def finish(self):
        """The exit census and the report: {counts, seconds, classes: [...]} (see docs/profile-format.md)."""
        self.count(at_exit=True)
        measured = {}
        classes = []
        for entry in sorted(self._peaks.values(), key=lambda e: -e[1]):
            cls, peak, when, at_exit, attributes = entry
            if peak < MIN_INSTANCES or len(classes) >= MAX_CLASSES:
                continue
            where = _location(cls)
            if where is None:
                continue
            saving = None
            if attributes:
                if attributes not in measured:
                    measured[attributes] = _twin_saving(attributes)
                saving = measured[attributes]
            classes.append({
                "file": where[0], "line": where[1], "name": where[2],
                "peak": peak, "peakTime": round(when, 3), "atExit": at_exit,
                "attributes": attributes, "bytesPerInstance": saving,
                "bytesSaved": saving * peak if saving is not None else None,
            })
        return {"counts": self.counts, "seconds": round(self.seconds, 4), "classes": classes}


def _stride(total):
    """Every how many objects one is counted: all of them up to EXACT_UP_TO, then a prime stride that
    counts about SAMPLED_OBJECTS. A prime (at least 11) cannot share a period with the regular
    patterns the GC list has (an instance followed by its dict on 3.10 and earlier, or by a few
    tracked attribute values), so every phase of such a pattern is counted alike."""
    if total <= EXACT_UP_TO:
        return 1
    stride = max(11, total // SAMPLED_OBJECTS)
    while any(stride % d == 0 for d in range(2, int(stride ** 0.5) + 1)):
        stride += 1
    return stride


def safe_finish(census):
    """finish(), but never an exception at exit: the profile matters more than this section."""
    try:
        return census.finish()
    except Exception:
        return None


def _type_attr(cls, name):
    """An attribute of a class read through type's own descriptors (no metaclass code runs)."""
    return type.__dict__[name].__get__(cls)


def _user_classes():
    """id -> class for classes of plain metaclass `type` defined at the top level (or one class deep)
    of the user's modules, whose instances have a __dict__, and whose bases are such classes too."""
    roots = hotspy_caches._library_roots()
    try:
        modules = list(sys.modules.values())
    except RuntimeError:
        return {}
    found = {}
    for module in modules:
        namespace = hotspy_caches._plain_dict(module)
        if namespace is None or not hotspy_caches.is_user_file(namespace.get("__file__"), roots):
            continue
        name = namespace.get("__name__")
        values = list(namespace.values())
        for value in list(values):
            if type(value) is type:
                inner = hotspy_caches._plain_dict(value)
                if inner is not None:
                    values.extend(v for v in list(inner.values()) if type(v) is type)
        for value in values:
            if type(value) is not type or id(value) in found:
                continue
            attributes = hotspy_caches._plain_dict(value)
            if attributes is None or attributes.get("__module__") != name:
                continue
            if _slot_candidate(value, roots):
                found[id(value)] = value
    return found


def _slot_candidate(cls, roots):
    """Instances have a __dict__, and every base but object is a plain class of the user's files
    (a builtin or library base keeps its own layout, where slots on this class save nothing)."""
    if _type_attr(cls, "__dictoffset__") == 0:
        return False  # already slotted: no instance dict
    for base in _type_attr(cls, "__mro__")[1:]:
        if base is object:
            continue
        if type(base) is not type or _module_file(base) is None or not hotspy_caches.is_user_file(_module_file(base), roots):
            return False
    return True


def _module_file(cls):
    attributes = hotspy_caches._plain_dict(cls)
    name = attributes.get("__module__") if attributes is not None else None
    module = sys.modules.get(name) if type(name) is str else None
    namespace = hotspy_caches._plain_dict(module) if module is not None else None
    path = namespace.get("__file__") if namespace is not None else None
    return path if type(path) is str else None


def _attribute_count(obj):
    """Attributes an instance holds, from the GC's view of it: never reads __dict__."""
    refs = gc.get_referents(obj)
    if refs and refs[-1] is type(obj):
        refs = refs[:-1]
    if sys.version_info < (3, 11):
        return len(refs[0]) if len(refs) == 1 and type(refs[0]) is dict else None
    # 3.11+: the attribute values while the dict is not built; a built dict is one referent
    return len(refs) if refs else None


def _location(cls):
    """(file, line of the `class` statement, qualified name)."""
    path = _module_file(cls)
    if path is None:
        return None
    attributes = hotspy_caches._plain_dict(cls)
    qualname = _type_attr(cls, "__qualname__")
    line = attributes.get("__firstlineno__")
    if type(line) is not int:
        line = _class_line(path, qualname.rsplit(".", 1)[-1])
    return os.path.abspath(path), line, qualname


def _class_line(path, name):
    """The first `class <name>` line of the file (0 when not found)."""
    import re

    pattern = re.compile(r"^\s*class\s+" + re.escape(name) + r"\b")
    try:
        with open(path, encoding="utf-8", errors="replace") as source:
            for number, text in enumerate(source, 1):
                if pattern.match(text):
                    return number
    except OSError:
        pass
    return 0


def _twin_saving(attributes):
    """Bytes per instance a slots class saves against a dict class with `attributes` attributes,
    measured here: the estimate follows the interpreter's own object layout."""
    import tracemalloc

    names = ["a%d" % i for i in range(attributes)]
    source = "def __init__(self):\n" + "".join("    self.%s = None\n" % n for n in names)
    plain_ns, slots_ns = {}, {"__slots__": tuple(names)}
    exec(source, plain_ns)
    exec(source, slots_ns)
    plain = type("Plain", (), {"__init__": plain_ns["__init__"]})
    slotted = type("Slotted", (), {"__init__": slots_ns["__init__"], "__slots__": tuple(names)})
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        sizes = []
        for cls in (plain, slotted):
            holder = [None] * TWINS
            before = tracemalloc.get_traced_memory()[0]
            for i in range(TWINS):
                holder[i] = cls()
            sizes.append((tracemalloc.get_traced_memory()[0] - before) / TWINS)
            del holder
    finally:
        if started:
            tracemalloc.stop()
    return max(0, int(round(sizes[0] - sizes[1])))

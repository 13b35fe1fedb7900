"""The census: what the few hot functions of the program are called with, measured in the same run.

Once the sampler has seen a warm-up share of samples, the census picks the few user functions that
hold most of them and instruments just those code objects for the rest of the run:

- calls and argument fingerprints (HD07 memoization-candidate): how many calls, how many distinct
  argument tuples, so the doctor can say what hit ratio an `lru_cache` would reach;
- the type of an operand on candidate lines the static checks could not type (runtime type
  observation: `x in blocklist`, `queue.pop(0)`, `items.index(x)` on a parameter).

How: `sys.monitoring` on 3.12+ (PY_START and LINE events set on those code objects only, so the
rest of the program runs at full speed); before 3.12 a profile hook (calls) and a line trace
(until each candidate line was seen a few times) on the main thread, whose callbacks return at once
for other code. A hook slows
every frame of the thread on those versions (the interpreter leaves its fast path while one is
set: measured 2x on 3.11), so the census keeps its estimated cost under BUDGET of the run by
switching itself off and on (`coverage` says which share of the time it watched); its figures are
then a sample of the calls.

It never calls the program's code: an argument is fingerprinted only when its hash is computed by
the interpreter alone (numbers, strings, bytes, None, tuples and frozensets of those) or is the
object's identity (a class that does not define `__hash__`); a custom `__hash__` is not called,
and an unhashable argument (a list, a dict) is reported as such: `lru_cache` would raise on it.
Only hashes are kept, never the arguments. Standard library only; Python 3.8+.
"""

import operator
import os
import sys
import time

import hotspy_caches

# Samples before the first choice of functions: less says little about what is hot.
WARMUP_SAMPLES = 200
# With --census (forced): short programs get a census too.
FORCED_WARMUP_SAMPLES = 20
# Functions instrumented: the guides' "the few top functions".
MAX_FUNCTIONS = 6
# A function below this share of the samples so far is not worth a census.
MIN_SHARE = 0.05
# Distinct fingerprints kept per function (a dict of int to count, about 100 bytes each).
MAX_KEYS = 50000
# Observations per candidate line; a few say the type.
TYPE_OBSERVATIONS = 16
# Estimated census cost kept under this share of the census's wall time.
BUDGET = 0.05
# Seconds of the interpreter's slowdown per second with a profile hook set (before 3.12).
HOOK_SLOWDOWN = 1.0
# The C side of one callback that perf_counter cannot see from inside it (a PY_START event and the
# call of a Python callback: measured about 1 us on a busy machine).
DISPATCH_COST = 1e-6
# A timed callback longer than this was interrupted (a sample, the OS): not its own cost.
OUTLIER = 5e-5
# The same for a line trace (measured 3.4x on 3.11).
TRACE_SLOWDOWN = 2.4

_PLAIN = (int, float, complex, str, bytes, bool, type(None), range)
_PLAIN_TYPES = frozenset(_PLAIN)
_perf_counter = time.perf_counter
_CO_GENERATOR_LIKE = 0x20 | 0x80 | 0x100 | 0x200  # generator, coroutine, iterable coroutine, async generator
_IDENTITY_HASH = object.__hash__


def fingerprint(value, depth=0):
    """(kind, hash): kind 'value', 'identity', 'custom' (a __hash__ we do not call) or 'unhashable'."""
    kind = type(value)
    if kind in _PLAIN:
        return "value", hash(value)
    if kind is tuple or kind is frozenset:
        if depth > 3 or len(value) > 64:
            return "custom", 0
        parts = []
        for item in value:
            what, h = fingerprint(item, depth + 1)
            if what != "value" and what != "identity":
                return what, 0
            parts.append(h)
        return "value", hash((kind is tuple, tuple(parts) if kind is tuple else frozenset(parts)))
    # the class's own slot, read without getattr on the instance (no __getattr__ runs)
    hasher = None
    for klass in _mro(kind):
        namespace = _class_dict(klass)
        if "__hash__" in namespace:
            hasher = namespace["__hash__"]
            break
    if hasher is None:
        return "unhashable", 0
    if hasher is _IDENTITY_HASH:
        return "identity", id(value)
    return "custom", 0


# A metaclass could define __getattribute__: type's own descriptors read a class without it.
_mro = type.__dict__["__mro__"].__get__
_class_dict = type.__dict__["__dict__"].__get__


class FunctionCensus:
    __slots__ = ("code", "names", "calls", "hashed", "repeats", "keys", "full", "unhashable", "custom",
                 "identity", "types_seen", "getter", "added", "clock", "timed", "timed_calls", "last_new")

    def __init__(self, code, added=(0.0, 0.0)):
        self.code = code
        # (census clock, census on-time) when it was added: its own coverage counts from there
        self.added = added
        flags = code.co_flags
        count = code.co_argcount + code.co_kwonlyargcount + (1 if flags & 0x04 else 0) + (1 if flags & 0x08 else 0)
        self.names = code.co_varnames[:count]
        # a tuple of the arguments' values, in C
        self.getter = operator.itemgetter(*self.names) if len(self.names) > 1 else (
            (lambda values, name=self.names[0]: (values[name],)) if self.names else (lambda values: ()))
        self.calls = 0
        self.hashed = 0
        self.repeats = 0
        self.keys = {}  # fingerprint -> calls
        self.full = False
        self.unhashable = 0
        self.custom = 0
        self.identity = 0
        # argument types that stopped a fingerprint, by name, for the report
        self.types_seen = {}
        self.clock = 0.0
        self.timed = 0
        self.timed_calls = 0
        # the hashed call that brought the last new fingerprint: early means the working set is complete
        self.last_new = 0

    def count(self, frame):
        """One call: observed, and one call in 64 timed, for the census's estimate of its own cost
        (reading f_locals included: on 3.12 it copies the frame's locals into a dict)."""
        self.timed_calls += 1
        if self.timed_calls & 63:
            self.observe(frame.f_locals)
            return
        began = _perf_counter()
        self.observe(frame.f_locals)
        took = _perf_counter() - began
        if took < OUTLIER:
            self.clock += took + DISPATCH_COST
            self.timed += 1

    def observe(self, local_values):
        self.calls += 1
        try:
            values = self.getter(local_values)
        except KeyError:  # deleted before we looked: cannot say
            self.custom += 1
            return
        if set(map(type, values)) <= _PLAIN_TYPES:
            key = hash(values)  # the common case, with no call of the program's code possible
        else:
            key = self._slow_key(values)
            if key is None:
                return
        self.hashed += 1
        keys = self.keys
        seen = keys.get(key)
        if seen is not None:
            self.repeats += 1
            keys[key] = seen + 1
        elif len(keys) < MAX_KEYS:
            keys[key] = 1
            self.last_new = self.hashed
        else:
            self.full = True  # counted as a miss: the figures stay a lower bound

    def _slow_key(self, values):
        parts = []
        identity = False
        for value in values:
            what, h = fingerprint(value)
            if what == "value" or what == "identity":
                identity = identity or what == "identity"
                parts.append(h)
                continue
            name = type(value).__name__
            self.types_seen[name] = self.types_seen.get(name, 0) + 1
            if what == "unhashable":
                self.unhashable += 1
            else:
                self.custom += 1
            return None
        if identity:
            self.identity += 1
        return hash(tuple(parts))

    def as_dict(self, on_time, end):
        code = self.code
        span = end - self.added[0]
        once = twice = 0
        for seen in self.keys.values():
            if seen == 1:
                once += 1
            elif seen == 2:
                twice += 1
        shown = sorted(self.types_seen.items(), key=lambda item: -item[1])[:5]
        return {
            "file": os.path.abspath(code.co_filename),
            "line": code.co_firstlineno,
            "name": getattr(code, "co_qualname", code.co_name),
            "calls": self.calls,
            "hashedCalls": self.hashed,
            "distinct": len(self.keys),
            "repeats": self.repeats,
            "lastNewAt": self.last_new,
            "seenOnce": once,
            "seenTwice": twice,
            "coverage": min(1.0, (on_time - self.added[1]) / span) if span > 0 else 0.0,
            "keysFull": self.full,
            "unhashableCalls": self.unhashable,
            "customHashCalls": self.custom,
            "identityCalls": self.identity,
            "argumentTypes": [{"type": name, "calls": n} for name, n in shown],
            "callbackTime": (self.clock / self.timed) * self.timed_calls if self.timed else 0.0,
        }


class SiteCensus:
    __slots__ = ("file", "line", "expression", "operation", "rule", "types", "observations", "unreadable")

    def __init__(self, site):
        self.file = site["file"]
        self.line = int(site["line"])
        self.expression = site["expression"]
        self.operation = site.get("operation", "")
        self.rule = site.get("rule", "")
        self.types = {}
        self.observations = 0
        self.unreadable = 0

    def done(self):
        return self.observations + self.unreadable >= TYPE_OBSERVATIONS

    def observe(self, frame):
        found, value = read_operand(frame, self.expression)
        if not found:
            self.unreadable += 1
            return
        self.observations += 1
        kind = type(value)
        name = kind.__name__ if kind.__module__ == "builtins" else "%s.%s" % (kind.__module__, kind.__qualname__)
        entry = self.types.get(name)
        if entry is None:
            entry = self.types[name] = [0, 0]
        entry[0] += 1
        try:
            size = len(value) if kind in (list, tuple, str, bytes, dict, set, frozenset) or kind.__name__ == "deque" else None
        except Exception:
            size = None
        if size is not None and size > entry[1]:
            entry[1] = size

    def as_dict(self):
        return {
            "file": self.file, "line": self.line, "expression": self.expression, "operation": self.operation,
            "rule": self.rule, "observations": self.observations, "unreadable": self.unreadable,
            "types": [{"type": name, "count": e[0], "maxLen": e[1]} for name, e in
                      sorted(self.types.items(), key=lambda item: -item[1][0])],
        }


def read_operand(frame, expression):
    """The value of a name or a dotted attribute path of a local or global, read without running
    the program's code: instance attributes only from the instance's own dict, never a property
    or a __getattr__. (False, None) when that cannot be done."""
    parts = expression.split(".")
    local_values = frame.f_locals
    if parts[0] in local_values:
        value = local_values[parts[0]]
    elif parts[0] in frame.f_globals:
        value = frame.f_globals[parts[0]]
    else:
        return False, None
    for attribute in parts[1:]:
        kind = type(value)
        if any(attribute in _class_dict(klass) for klass in _mro(kind)):
            return False, None  # a class attribute, method or descriptor: not read
        try:
            namespace = object.__getattribute__(value, "__dict__")
        except Exception:
            return False, None
        if type(namespace) is not dict or attribute not in namespace:
            return False, None
        value = namespace[attribute]
    return True, value


class Census:
    def __init__(self, harness_files, forced=False, sites=()):
        self.harness_files = harness_files
        self.warmup = FORCED_WARMUP_SAMPLES if forced else WARMUP_SAMPLES
        self._next_choice = self.warmup
        self.roots = hotspy_caches._library_roots()
        self.functions = {}  # code -> FunctionCensus
        self.sites = [SiteCensus(s) for s in sites]
        self.site_lines = {}  # code -> {line: SiteCensus}
        self.mechanism = None
        self.started_at = None
        self.error = None
        self.stopped = False
        # perf_counter() at the program's start, set by the harness
        self.wall_start = None
        self._on = False
        self._on_since = 0.0
        # The census's clock is the main thread's CPU time: the program's progress, whatever the
        # machine's load (on a busy machine wall time runs while the program waits for a CPU).
        self._clock = _main_thread_clock()
        self._on_time = 0.0
        self._census_start = None
        self._hook = None
        # before 3.12: the line trace's CPU time, running while candidate lines are unobserved
        self._trace_since = None
        self._trace_time = 0.0
        self._trace_global = self._trace_local = None
        self._tool = None

    # --- from the sampler's handler (main thread, between bytecodes) ---

    def tick(self, sampler):
        """Called after each sample; cheap until the warm-up is over."""
        if self.stopped:
            return
        try:
            if sampler.samples >= self._next_choice:
                # what is hot after the warm-up may be set-up work: look again at doubling counts
                self._next_choice *= 2
                if self._census_start is None:
                    self._begin(sampler)
                else:
                    self._add(sampler)
                return
            if self._census_start is not None:
                if self.site_lines and self.mechanism == "setprofile":
                    self._observe_sampled(sys._getframe(2))
                self._pace()
        except Exception as error:  # the census must never cost the program its run
            self.error = "%s: %s" % (type(error).__name__, error)
            self.stop()

    def _begin(self, sampler):
        self._census_start = self._clock()
        self.started_at = time.perf_counter() - self.wall_start if self.wall_start is not None else None
        self.started_samples = sampler.samples
        chosen = self._hot_codes(sampler)
        for code in chosen:
            self.functions[code] = FunctionCensus(code, (self._census_start, 0.0))
        if self.sites:
            self._match_sites(sampler)
        if hasattr(os, "register_at_fork"):
            # a forked child inherits the hooks, and nothing would pace them there
            os.register_at_fork(after_in_child=self.stop)
        if hasattr(sys, "monitoring"):
            self._start_monitoring()
        else:
            self._start_hooks()

    def _add(self, sampler):
        """Functions and candidate lines that became hot since the last look."""
        if self.error or self.mechanism == "unavailable":
            return
        added = False
        for code in self._hot_codes(sampler):
            if code not in self.functions and len(self.functions) < MAX_FUNCTIONS:
                self.functions[code] = FunctionCensus(code, self._now_and_on_time())
                added = True
        if self.sites:
            before = len(self.site_lines)
            self._match_sites(sampler)
            added = added or len(self.site_lines) != before
        if not added:
            return
        if self.mechanism == "sys.monitoring":
            self._set_local_events(self._on)
        else:
            self._start_hooks()

    def _hot_codes(self, sampler):
        inclusive = {}
        total = 0
        for key, entry in list(sampler.stacks.items()):
            count = entry[0]
            total += count
            seen = set(key[1::2])
            for cid in seen:
                inclusive[cid] = inclusive.get(cid, 0) + count
        if total == 0:
            return []
        ranked = sorted(inclusive.items(), key=lambda item: -item[1])
        chosen = []
        for cid, count in ranked:
            if count < MIN_SHARE * total or len(chosen) >= MAX_FUNCTIONS:
                break
            code = sampler.codes.get(cid)
            if code is None or not self._is_user_function(code):
                continue
            chosen.append(code)
        return chosen

    def _is_user_function(self, code):
        if code.co_name.startswith("<") or code.co_flags & _CO_GENERATOR_LIKE:
            return False
        if code.co_filename in self.harness_files:
            return False
        return hotspy_caches.is_user_file(code.co_filename, self.roots)

    def _match_sites(self, sampler):
        by_file = {}
        for site in self.sites:
            by_file.setdefault(os.path.realpath(site.file), []).append(site)
        for code in list(sampler.codes.values()):
            if code is None or not hasattr(code, "co_filename"):
                continue
            wanted = by_file.get(os.path.realpath(os.path.abspath(code.co_filename)))
            if not wanted:
                continue
            lines = _code_lines(code)
            for site in wanted:
                if site.line in lines:
                    self.site_lines.setdefault(code, {})[site.line] = site

    # --- 3.12+: sys.monitoring on the chosen code objects only ---

    def _start_monitoring(self):
        monitoring = sys.monitoring
        tool = None
        for candidate in (4, 3):
            if monitoring.get_tool(candidate) is None:
                tool = candidate
                break
        if tool is None:
            self.mechanism = "unavailable"
            self.error = "every free sys.monitoring tool id is taken"
            self.stopped = True
            return
        monitoring.use_tool_id(tool, "hotspy census")
        self._tool = tool
        self.mechanism = "sys.monitoring"
        events = monitoring.events
        get_frame = sys._getframe
        functions = self.functions
        disable = monitoring.DISABLE
        site_lines = self.site_lines

        def on_start(code, offset):
            census = functions.get(code)
            if census is None:
                return disable
            census.count(get_frame(1))

        def on_line(code, line):
            sites = site_lines.get(code)
            site = sites.get(line) if sites is not None else None
            if site is None or site.done():
                return disable
            site.observe(get_frame(1))

        monitoring.register_callback(tool, events.PY_START, on_start)
        monitoring.register_callback(tool, events.LINE, on_line)
        self._events = (events.PY_START, events.LINE)
        self._on = False
        self._switch(True)

    def _set_local_events(self, on):
        monitoring = sys.monitoring
        start, line = self._events
        for code in set(self.functions) | set(self.site_lines):
            wanted = 0
            if on and code in self.functions:
                wanted |= start
            if code in self.site_lines and not all(s.done() for s in self.site_lines[code].values()):
                wanted |= line
            monitoring.set_local_events(self._tool, code, wanted)

    # --- before 3.12: a profile hook for calls, a short trace window for lines ---

    def _start_hooks(self):
        """Before 3.12. Idempotent: called again when more functions or lines turn hot."""
        if self._hook is None:
            self.mechanism = "setprofile"
            self._hook = self._profile_hook()
            self._trace_global, self._trace_local = self._line_tracer()
        if self._on:
            self._apply_hooks(True)  # lines that just turned hot get traced now
        else:
            self._switch(True)

    def _profile_hook(self):
        functions = self.functions

        def hook(frame, event, arg):
            if event != "call":
                return
            census = functions.get(frame.f_code)
            if census is not None:
                census.count(frame)
        return hook

    def _line_tracer(self):
        site_lines = self.site_lines

        def local(frame, event, arg):
            if event == "line":
                site = site_lines[frame.f_code].get(frame.f_lineno)
                if site is not None and not site.done():
                    site.observe(frame)
            return local

        def global_trace(frame, event, arg):
            if frame.f_code in site_lines:
                return local
            return None
        return global_trace, local

    def _observe_sampled(self, frame):
        """Before 3.12: a sample that lands on a candidate line observes it too, at no cost to the
        program (the line trace alone can miss a line that runs only between its paced windows)."""
        site_lines = self.site_lines
        depth = 0
        while frame is not None and depth < 32:
            sites = site_lines.get(frame.f_code)
            if sites is not None:
                site = sites.get(frame.f_lineno or _line_at(frame))
                if site is not None and not site.done():
                    site.observe(frame)
            frame = frame.f_back
            depth += 1

    def _sites_pending(self):
        return any(not s.done() for sites in self.site_lines.values() for s in sites.values())

    def _apply_hooks(self, on):
        """Before 3.12: the profile hook for the calls, a line trace while candidate lines are
        unobserved. A hook the program set itself stays: the census keeps out of it."""
        if on and self.functions and sys.getprofile() is None:
            sys.setprofile(self._hook)
        elif not on and sys.getprofile() is self._hook:
            sys.setprofile(None)
        tracing = sys.gettrace() is self._trace_global
        if on and not tracing and self._sites_pending() and sys.gettrace() is None:
            sys.settrace(self._trace_global)
            self._trace_since = self._clock()
            # frames already running (the loop is in progress) are traced from their next line on
            frame = sys._getframe(1)
            while frame is not None:
                if frame.f_code in self.site_lines:
                    frame.f_trace = self._trace_local
                frame = frame.f_back
        elif tracing and (not on or not self._sites_pending()):
            self._close_trace()

    def _close_trace(self):
        if sys.gettrace() is self._trace_global:
            sys.settrace(None)
            if self._trace_since is not None:
                self._trace_time += self._clock() - self._trace_since
                self._trace_since = None
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_trace is self._trace_local:
                frame.f_trace = None
            frame = frame.f_back

    # --- pacing: the census's estimated cost stays under BUDGET of the program's CPU time ---

    def _cost(self, now):
        cost = 0.0
        for census in self.functions.values():
            if census.timed:
                cost += census.clock / census.timed * census.timed_calls
        if self.mechanism == "setprofile":
            if self.functions:
                cost += (self._on_time + (now - self._on_since if self._on else 0.0)) * HOOK_SLOWDOWN
            cost += (self._trace_time + (now - self._trace_since if self._trace_since is not None else 0.0)) * TRACE_SLOWDOWN
        return cost

    def _pace(self):
        if self.mechanism == "setprofile" and self._on and self._trace_since is not None and not self._sites_pending():
            self._close_trace()
        if not self.functions and (self.mechanism != "setprofile" or not self._sites_pending()):
            return
        now = self._clock()
        allowed = BUDGET * (now - self._census_start)
        cost = self._cost(now)
        if self._on and cost > allowed:
            self._switch(False)
        elif not self._on and cost < 0.8 * allowed:
            self._switch(True)

    def _now_and_on_time(self):
        now = self._clock()
        return now, self._on_time + (now - self._on_since if self._on else 0.0)

    def _switch(self, on):
        now = self._clock()
        if on == self._on:
            return
        if self._on:
            self._on_time += now - self._on_since
        self._on = on
        self._on_since = now
        if self.mechanism == "sys.monitoring":
            self._set_local_events(on)
        elif self.mechanism == "setprofile":
            self._apply_hooks(on)

    def stop(self):
        """At the end of the run: every hook off. Safe to call twice and from any thread."""
        if self._census_start is None or getattr(self, "_stopped_at", None) is not None:
            self.stopped = True
            return
        self.stopped = True
        try:
            now = self._stopped_at = self._clock()
            if self._on:
                self._on_time += now - self._on_since
            self._on = False
            if self.mechanism == "sys.monitoring" and self._tool is not None:
                monitoring = sys.monitoring
                for code in set(self.functions) | set(self.site_lines):
                    monitoring.set_local_events(self._tool, code, 0)
                monitoring.register_callback(self._tool, monitoring.events.PY_START, None)
                monitoring.register_callback(self._tool, monitoring.events.LINE, None)
                monitoring.free_tool_id(self._tool)
                self._tool = None
            elif self._hook is not None:
                self._apply_hooks(False)
        except Exception as error:
            self.error = self.error or "%s: %s" % (type(error).__name__, error)

    def as_dict(self):
        if self._census_start is None:
            return {"mechanism": None, "startedAt": None, "coverage": 0.0, "cost": 0.0, "functions": [],
                    "sites": [s.as_dict() for s in self.sites], "error": self.error}
        end = getattr(self, "_stopped_at", None) or self._clock()
        span = end - self._census_start
        return {
            "mechanism": self.mechanism,
            "startedAt": self.started_at,
            "startedAtSamples": self.started_samples,
            "span": span,
            "onTime": self._on_time,
            "coverage": (self._on_time / span) if span > 0 and self.functions else 0.0,
            "cost": self._cost(end),
            "functions": [c.as_dict(self._on_time, end) for c in self.functions.values()],
            "sites": [s.as_dict() for s in self.sites],
            "error": self.error,
        }


def _line_at(frame):
    """The line of a frame interrupted where f_lineno is None (3.11+, see hotspy_sampler)."""
    import hotspy_sampler
    return hotspy_sampler._line_at_offset(frame.f_code, frame.f_lasti)


def _main_thread_clock():
    """Seconds of CPU of the calling (main) thread, readable from any thread."""
    try:
        import threading
        clock_id = time.pthread_getcpuclockid(threading.get_ident())
        time.clock_gettime(clock_id)
    except (AttributeError, OSError):
        return time.process_time

    def clock():
        try:
            return time.clock_gettime(clock_id)
        except OSError:  # a forked child: the parent's main thread is not here
            return time.process_time()
    return clock


def _code_lines(code):
    lines = set()
    if hasattr(code, "co_lines"):
        for _start, _end, line in code.co_lines():
            if line is not None:
                lines.add(line)
    else:
        import dis
        for _offset, line in dis.findlinestarts(code):
            lines.add(line)
    return lines


def load_sites(path):
    """Candidate lines from the TS side: [{file, line, expression, operation, rule}]."""
    import json
    with open(path, "r", encoding="utf-8") as handle:
        data = json.load(handle)
    sites = []
    for site in data if isinstance(data, list) else []:
        if isinstance(site, dict) and isinstance(site.get("file"), str) and isinstance(site.get("line"), int) \
                and isinstance(site.get("expression"), str):
            sites.append(site)
    return sites[:64]

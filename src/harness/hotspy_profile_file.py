"""Turns what the recorders collected into the hotspy profile file (docs/profile-format.md)."""

import json
import os

# The frame that stands for the outer frames of a stack deeper than the sampler walks.
FOLDED_NAME = "<folded frames>"


class FrameTable:
    """Distinct frames by (file, name, first line); two code objects with the same identity merge."""

    def __init__(self):
        self.rows = []
        self._index = {}

    def index(self, file, name, line):
        key = (file, name, line)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.rows)
            self.rows.append({"file": file, "name": name, "line": line})
        return found


def recorded_sections(sampler, tracer, harness_files):
    """The profile's sections from what a process recorded (a sampler, or else a tracer, or
    neither), and how many threads it saw; the root harness and each child process use it."""
    if sampler is not None:
        return sampled_sections(sampler), max(1, len(sampler.thread_names))
    if tracer is not None:
        import hotspy_tracer
        stats = hotspy_tracer.drop_functions(tracer.merged_stats(), lambda f: f[0] in harness_files)
        return traced_sections(stats), tracer.threads
    return {"frames": [], "stacks": [], "calls": [], "functions": [], "lines": []}, 1


def sampled_sections(sampler):
    """stacks, functions and lines from the sampler's aggregated stacks."""
    frames = FrameTable()
    code_frames = {}
    for cid, code in sampler.codes.items():
        code_frames[cid] = frames.index(code.co_filename, code.co_name, code.co_firstlineno)
    if sampler.folded:
        code_frames[0] = frames.index("", FOLDED_NAME, 0)
    stacks = []
    for key, (count, wall, cpu, native) in list(sampler.stacks.items()):
        thread = sampler.thread_names[key[0]] if key[0] < len(sampler.thread_names) else "Thread"
        leaf_first = [(code_frames[key[i]], key[i + 1]) for i in range(1, len(key), 2)]
        root_first = leaf_first[::-1]
        stacks.append({"stack": [f for f, _ in root_first], "lines": [line for _, line in root_first],
                       "thread": thread, "count": count, "wall": wall, "cpu": cpu, "native": native})
    functions, lines = stack_summaries(frames.rows, stacks)
    return {"frames": frames.rows, "stacks": stacks, "calls": [], "functions": functions, "lines": lines}


def stack_summaries(frame_rows, stacks):
    """The `functions` and `lines` rows of a list of stack rows (also used to merge processes)."""
    functions = {}
    lines = {}
    for row in stacks:
        stack_frames, stack_lines, wall, cpu = row["stack"], row["lines"], row["wall"], row["cpu"]
        leaf_frame, leaf_line = stack_frames[-1], stack_lines[-1]
        _add_time(functions, leaf_frame, wall, cpu, self_time=True)
        for f in set(stack_frames):
            _add_time(functions, f, wall, cpu, self_time=False)
        leaf_file = frame_rows[leaf_frame]["file"]
        _add_time(lines, (leaf_file, leaf_line), wall, cpu, self_time=True, native=row.get("native", 0.0))
        native = row.get("native", 0.0)
        for position in {(frame_rows[f]["file"], line) for f, line in zip(stack_frames, stack_lines)
                         if frame_rows[f]["name"] != FOLDED_NAME or frame_rows[f]["file"]}:
            _add_time(lines, position, wall, cpu, self_time=False, native=native)
    function_rows = []
    for f, t in functions.items():
        row = dict(frame_rows[f])
        row.update({"selfTime": t[0], "totalTime": t[2], "selfCpuTime": t[1], "totalCpuTime": t[3],
                    "calls": None, "primitiveCalls": None})
        function_rows.append(row)
    line_rows = [{"file": file, "line": line, "selfTime": t[0], "cpuTime": t[1], "totalTime": t[2],
                  "totalCpuTime": t[3], "nativeTime": t[4], "totalNativeTime": t[5]} for (file, line), t in lines.items()]
    function_rows.sort(key=lambda r: -r["selfTime"])
    line_rows.sort(key=lambda r: -r["selfTime"])
    return function_rows, line_rows


def _add_time(table, key, wall, cpu, self_time, native=0.0):
    t = table.get(key)
    if t is None:
        # self wall, self cpu, total wall, total cpu, self native, total native
        t = table[key] = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    if self_time:
        t[0] += wall
        t[1] += cpu
        t[4] += native
    else:
        t[2] += wall
        t[3] += cpu
        t[5] += native


def traced_sections(stats):
    """calls and functions from a pstats dict (see hotspy_tracer.Tracer.merged_stats)."""
    frames = FrameTable()
    calls = []
    for (file, line, name), (cc, nc, tt, ct, callers) in stats.items():
        index = frames.index(file, name, line)
        caller_rows = []
        for (cfile, cline, cname), (cnc, ccc, ctt, cct) in callers.items():
            caller_rows.append({"frame": frames.index(cfile, cname, cline), "calls": cnc,
                                "primitiveCalls": ccc, "selfTime": ctt, "totalTime": cct})
        calls.append({"frame": index, "calls": nc, "primitiveCalls": cc, "selfTime": tt, "totalTime": ct,
                      "callers": caller_rows})
    return {"frames": frames.rows, "stacks": [], "calls": calls, "functions": call_summaries(frames.rows, calls),
            "lines": []}


def call_summaries(frame_rows, calls):
    """The `functions` rows of a list of call rows (also used to merge processes)."""
    function_rows = []
    for row in calls:
        function_rows.append(dict(frame_rows[row["frame"]], selfTime=row["selfTime"], totalTime=row["totalTime"],
                                  selfCpuTime=None, totalCpuTime=None, calls=row["calls"],
                                  primitiveCalls=row["primitiveCalls"]))
    function_rows.sort(key=lambda r: -r["selfTime"])
    return function_rows


def write_profile(path, document):
    """Write through a temporary file so a reader never sees half a profile."""
    temporary = "%s.%d.tmp" % (path, os.getpid())
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump(document, out, separators=(",", ":"), allow_nan=False, default=_json_fallback)
    os.replace(temporary, path)


def write_small_profile(path, document):
    """write_profile with os calls only, for a child's checkpoint taken in a signal handler: the
    program may have replaced builtins.open, and the interrupted code may hold what it uses."""
    temporary = "%s.%d.tmp" % (path, os.getpid())
    data = json.dumps(document, separators=(",", ":"), allow_nan=False, default=_json_fallback).encode("utf-8")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    os.replace(temporary, path)


def _json_fallback(value):
    return str(value)

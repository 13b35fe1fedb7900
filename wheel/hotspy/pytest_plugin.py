"""`pytest --hotspy`: samples the test session in the test process and prints, at the end, the
slowest tests and the ranked advice for the code they ran (`--hotspy-html FILE` also writes the
HTML report). Registered through the `pytest11` entry point; does nothing unless asked.

Sampling takes SIGALRM. pytest-timeout's default method uses it too: then hotspy says so and
stays out of the way rather than break the timeouts.
"""

import os
import signal
import sys
import tempfile

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("hotspy", "hotspy profiling")
    group.addoption("--hotspy", action="store_true", default=False,
                    help="profile the test run (sampling, in this process) and print what to fix first")
    group.addoption("--hotspy-html", metavar="FILE", default=None,
                    help="also write hotspy's HTML report to FILE (implies --hotspy)")


def pytest_configure(config):
    if config.getoption("hotspy") or config.getoption("hotspy_html"):
        config.pluginmanager.register(HotspySession(config), "hotspy-session")


def _timeout_uses_signal(config):
    """pytest-timeout with its signal method and a timeout set: it owns SIGALRM for every test."""
    if not config.pluginmanager.hasplugin("timeout"):
        return False
    method = _setting(config, "timeout_method") or os.environ.get("PYTEST_TIMEOUT_METHOD")
    if not method:
        method = "signal" if hasattr(signal, "SIGALRM") else "thread"
    timeout = _setting(config, "timeout") or os.environ.get("PYTEST_TIMEOUT") or 0
    try:
        timeout = float(timeout)
    except ValueError:
        timeout = 0
    return method == "signal" and timeout > 0


def _setting(config, name):
    try:
        value = config.getoption(name)
    except ValueError:
        value = None
    if value in (None, ""):
        try:
            value = config.getini(name)
        except ValueError:
            value = None
    return value or None


class HotspySession:
    def __init__(self, config):
        self.config = config
        self.html = config.getoption("hotspy_html")
        self.durations = {}
        self.session = None
        self.profile = None
        self.problem = None

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtestloop(self, session):
        if _timeout_uses_signal(self.config):
            self.problem = ("pytest-timeout uses SIGALRM (timeout_method=signal), which hotspy's sampler "
                            "needs too; run with --timeout-method=thread, or -p no:timeout, to profile")
        else:
            self._start()
        try:
            yield
        finally:
            self._stop()

    def _start(self):
        from hotspy._session import inprocess

        self.profile = os.path.join(self._profile_dir(), "profile.json")
        command = ["pytest"] + [str(a) for a in self.config.invocation_params.args]
        self.session = inprocess().Session(self.profile, command=command)
        problem = self.session.start()
        if problem:
            self.problem = "not profiling: " + problem
            self.session = None

    def _stop(self):
        if self.session is None:
            return
        self.session.stop()
        if self.session.displaced_by:
            self.problem = ("SIGALRM was taken by %s during the run, so the profile covers only the tests "
                            "before that" % self.session.displaced_by)

    def _profile_dir(self):
        cache = getattr(self.config, "cache", None)
        if cache is not None:
            return str(cache.mkdir("hotspy"))
        return tempfile.mkdtemp(prefix="hotspy-pytest-")

    def pytest_runtest_logreport(self, report):
        self.durations[report.nodeid] = self.durations.get(report.nodeid, 0.0) + report.duration

    def pytest_terminal_summary(self, terminalreporter):
        tr = terminalreporter
        tr.section("hotspy")
        if self.problem:
            tr.write_line("hotspy: " + self.problem)
        slowest = sorted(self.durations.items(), key=lambda item: -item[1])[:5]
        if slowest:
            tr.write_line("Slowest tests")
            for nodeid, seconds in slowest:
                tr.write_line("  %8.2f s  %s" % (seconds, nodeid))
            tr.write_line("")
        if self.session is None:
            return
        from hotspy._cli import advice

        tr.write(advice(self.profile, html=self.html, python=sys.executable))

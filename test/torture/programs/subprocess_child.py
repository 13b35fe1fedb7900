# A Python subprocess: its output and status come through.
import subprocess
import sys

done = subprocess.run([sys.executable, "-c", "import sys; print('from child'); sys.exit(4)"], capture_output=True, text=True)
print(done.stdout.strip(), done.returncode)

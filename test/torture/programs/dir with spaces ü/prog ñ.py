import os
import sys

print("path", os.path.basename(__file__), os.path.basename(os.path.dirname(os.path.abspath(__file__))))
print("args", sys.argv[1:])

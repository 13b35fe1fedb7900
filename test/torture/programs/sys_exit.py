import sys

print("leaving")
sys.exit(5)

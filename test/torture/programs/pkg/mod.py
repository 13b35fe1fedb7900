import sys

from .helper import greet

print(greet("module"), __name__, sys.argv[1:])

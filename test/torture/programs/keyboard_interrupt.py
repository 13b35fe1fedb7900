# KeyboardInterrupt raised by the program's code: traceback, and it dies of SIGINT (130).
print("before", flush=True)
raise KeyboardInterrupt

# A handler that leaks: every response is kept in a module-level history, so memory grows with
# each iteration.

history = []


def handle(request_id):
    body = ("row %d;" % request_id) * 40  # top allocation
    history.append(body)
    return len(body)


served = 0
for request_id in range(250_000):
    served += handle(request_id)
print(served, len(history))

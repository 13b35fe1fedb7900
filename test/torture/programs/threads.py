import threading

results = []


def work(n):
    results.append(sum(i * i for i in range(n)))


threads = [threading.Thread(target=work, args=(20000 + i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))

# The Pool program of issue 9 (fewer documents, so that it stays quick under every mode).
from multiprocessing import Pool
TAGS = [f"tag{i * 7919 % 10**6}" for i in range(3000)]
def count(doc):
    return sum(1 for w in doc if w in TAGS)
if __name__ == "__main__":
    docs = [[f"tag{(i * j) % 10**6}" for j in range(400)] for i in range(12)]
    with Pool(2) as pool:
        print(sum(pool.map(count, docs)))

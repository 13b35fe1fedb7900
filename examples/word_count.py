"""Count word frequencies in a generated corpus, the hand-written way.

    python3 examples/word_count.py
"""
import random
import time

VOCABULARY = [f"w{n}" for n in range(5_000)]


def make_corpus(words, seed=1):
    rng = random.Random(seed)
    return " ".join(rng.choices(VOCABULARY, k=words))


def count_words(words):
    counts = {}
    for word in words:
        if word in counts:
            counts[word] += 1
        else:
            counts[word] = 1
    return counts


def top(counts, n):
    return sorted(counts.items(), key=lambda item: item[1], reverse=True)[:n]


def main():
    words = make_corpus(1_500_000).split()
    started = time.perf_counter()
    total = 0
    for _ in range(5):
        counts = count_words(words)
        total += sum(counts.values())
    elapsed = time.perf_counter() - started
    print(f"counted {total} words ({len(counts)} distinct) in {elapsed:.2f} s")
    for word, count in top(counts, 5):
        print(f"  {word:8} {count}")


if __name__ == "__main__":
    main()

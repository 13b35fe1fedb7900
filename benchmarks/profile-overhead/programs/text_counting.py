# Tight loops over strings and dicts with few function calls: where a sampler costs least.
import os

TEXT = " ".join("word%d" % (i % 997) for i in range(20_000))


def count_words(text):
    counts = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def build_report(counts):
    out = ""
    for word in sorted(counts):
        out += "%s=%d;" % (word, counts[word])
    return out


for _ in range(int(os.environ.get("HOTSPY_BENCH_LOOPS", "1"))):
    build_report(count_words(TEXT))

def fail(x):
    return {"a": 1}[x]


print("before")
fail("b")

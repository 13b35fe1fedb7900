import os
import tempfile

here = os.getcwd()
with tempfile.TemporaryDirectory() as place:
    os.chdir(place)
    with open("note.txt", "w") as f:
        f.write("x" * 10)
    print(os.path.getsize("note.txt"))
    os.chdir(here)
print(os.path.basename(os.getcwd()))

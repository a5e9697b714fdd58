"""Plants in DIR the temporaries a killed nnc leaves (work directories and
--emit=halide statement files named with its pid), of a process that has
exited, and the same of a running one (pid 1), for stale-temporaries.test."""
import os
import subprocess
import sys

directory = sys.argv[1]
# A pid that no process has now: that of a child that has exited.
child = subprocess.Popen(["true"])
child.wait()
dead, live = child.pid, 1
for pid in (dead, live):
    with open(os.path.join(directory, "nnc-halide-%d-0a1b2c.stmt" % pid), "w") as f:
        f.write("loop nest of a killed nnc\n")
    work = os.path.join(directory, "nnc-%d-3d4e5f" % pid)
    os.mkdir(work)
    with open(os.path.join(work, "m_forward.o"), "w") as f:
        f.write("object\n")
    print("%s %d" % ("dead" if pid == dead else "live", pid))
# --save-temps directories (no pid) and names that are not ours stay.
os.mkdir(os.path.join(directory, "nnc-a1b2c3"))
open(os.path.join(directory, "nnc-halide-%d-0a1b2c.stmt.bak" % dead), "w").close()
open(os.path.join(directory, "nnc-halide-%d-XYZ.stmt" % dead), "w").close()

#!/usr/bin/python3
"""Checks that mimalloc serves every malloc of the klarmeld executable (-DKLARMELD_MIMALLOC=ON): with
the dynamic linker's binding trace (ld.so(8): LD_DEBUG=bindings, LD_BIND_NOW=1 so every reference is
bound at start), each library's malloc, calloc, realloc and free, and the executable's operator new
and delete, must resolve to libmimalloc, none to glibc or libstdc++.
Usage: check_allocator.py KLARMELD"""
import os
import re
import subprocess
import sys

WATCHED = {"malloc", "calloc", "realloc", "free", "_Znwm", "_ZdlPv", "_ZdlPvm"}
BINDING = re.compile(r"binding file (\S+) \[\d+\] to (\S+) \[\d+\]: normal symbol `([^']+)'")


def main():
    env = dict(os.environ, LD_DEBUG="bindings", LD_BIND_NOW="1")
    run = subprocess.run([sys.argv[1], "--version"], env=env, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        print(run.stderr[-2000:])
        return 1
    seen = 0
    wrong = []
    for line in run.stderr.splitlines():
        match = BINDING.search(line)
        if not match or match.group(3) not in WATCHED:
            continue
        seen += 1
        if "libmimalloc" not in os.path.basename(match.group(2)):
            wrong.append(f"{match.group(1)}: {match.group(3)} -> {match.group(2)}")
    if seen == 0:
        print("no allocator bindings in the trace")
        return 1
    for item in wrong:
        print(item)
    print(f"{seen} allocator bindings, {len(wrong)} not to mimalloc")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Runs a command and compares its peak resident memory with a bound.

    max_rss.py --below MB -- COMMAND ARG...
    max_rss.py --above MB -- COMMAND ARG...

Prints "peak RSS N MB below|above M MB" (N from getrusage's ru_maxrss of the
child) and exits 1 when the bound does not hold, or with the command's
status when it fails.
"""

import argparse
import resource
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    bound = parser.add_mutually_exclusive_group(required=True)
    bound.add_argument("--below", type=float)
    bound.add_argument("--above", type=float)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    status = subprocess.run(command, stdout=subprocess.DEVNULL).returncode
    if status:
        sys.exit(status)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    holds = peak < args.below if args.below is not None else peak > args.above
    word, limit = ("below", args.below) if args.below is not None else ("above", args.above)
    print(f"peak RSS {peak:.0f} MB {word if holds else 'NOT ' + word} {limit:.0f} MB")
    sys.exit(0 if holds else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Measures what archbench writes to the terminal for one key press.

Runs the real binary on a pty at 120x40, feeds everything it writes to pyte (a terminal
emulator), switches to the Endpoints pane, then sends `j` and counts the bytes written for
that key and the screen cells that changed. Only the change should be sent: the budget is
3 bytes per changed cell plus 100.

usage: bytes_per_changed_cell.py ARCHBENCH DESIGN_FILE
prints: bytes=N cells=M budget=B ok|OVER
"""
import os
import pty
import select
import struct
import sys
import termios
import fcntl
import time

import pyte

COLS, ROWS = 120, 40


def read_until_quiet(fd, quiet=0.4, limit=20.0):
    """Everything the program writes until it has been silent for `quiet` seconds."""
    data = b""
    deadline = time.time() + limit
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            if data:
                break
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data


def snapshot(screen):
    return [[(c.data, c.fg, c.bg, c.bold, c.reverse, c.underscore) for c in (screen.buffer[y][x] for x in range(COLS))]
            for y in range(ROWS)]


def main():
    binary, design = sys.argv[1], sys.argv[2]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update({"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
        os.environ.pop("NO_COLOR", None)
        os.execv(binary, [binary, design])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    stream.feed(read_until_quiet(fd, quiet=1.0, limit=60.0))
    os.write(fd, b"2")
    stream.feed(read_until_quiet(fd))
    before = snapshot(screen)
    os.write(fd, b"j")
    written = read_until_quiet(fd)
    stream.feed(written)
    after = snapshot(screen)
    cells = sum(1 for y in range(ROWS) for x in range(COLS) if before[y][x] != after[y][x])
    os.write(fd, b"q")
    read_until_quiet(fd, quiet=0.3, limit=5)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    budget = 3 * cells + 100
    verdict = "ok" if 0 < cells and len(written) <= budget else "OVER"
    print(f"bytes={len(written)} cells={cells} budget={budget} {verdict}")
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())

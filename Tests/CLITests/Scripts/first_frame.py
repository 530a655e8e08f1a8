#!/usr/bin/env python3
"""Measures how long the real binary takes to show a design: from the start of the process to
the first frame on the screen, and to the frame whose markers and counts are filled in.

Runs ARCHBENCH on a pty at 120x40 (TERM=xterm-256color, UTF-8), feeds what it writes to pyte
(a terminal emulator) and reads the status line, the screen's last row, after every read:
- first frame: the status line names the file (the first frame says `checking` where the
  finding counts go: it is drawn before the rules run);
- checked: the status line shows the counts, `E<n> W<n> I<n>`.
Then it sends Ctrl-C and `q` and waits for the process to end. RUNS runs (default 5); prints
the median of each: first_frame_ms=F checked_ms=C

usage: first_frame.py ARCHBENCH DESIGN_FILE [RUNS]
exits 1 when a frame does not come within 20 s
"""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

import pyte

COLS, ROWS = 120, 40
COUNTS = re.compile(r"\bE\d+ W\d+ I\d+\b")


def one_run(binary, design):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update({"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
        os.execv(binary, [binary, design])
    start = time.monotonic()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    name = os.path.basename(design)
    first = checked = None
    try:
        while checked is None and time.monotonic() - start < 20:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                data = os.read(fd, 1 << 16)
            except OSError:
                break
            # The frame is on the terminal when its last bytes arrive: the time is taken before
            # pyte (the instrument, about 6 ms for a whole screen) reads them.
            now = time.monotonic()
            if not data:
                break
            stream.feed(data)
            status = screen.display[ROWS - 1]
            if first is None and name in status:
                first = now
            if COUNTS.search(status):
                checked = now
                if first is None:
                    first = now
    finally:
        os.write(fd, b"\x03q")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            try:
                if select.select([fd], [], [], 0.1)[0]:
                    os.read(fd, 1 << 16)
            except OSError:
                pass
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    if first is None or checked is None:
        return None
    return (first - start) * 1000, (checked - start) * 1000


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    binary, design = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    one_run(binary, design)  # warm-up: the file and the binary in the page cache
    results = []
    for _ in range(runs):
        result = one_run(binary, design)
        if result is None:
            print("no frame within 20 s", file=sys.stderr)
            sys.exit(1)
        results.append(result)
    firsts = sorted(r[0] for r in results)
    checks = sorted(r[1] for r in results)
    print(f"first_frame_ms={firsts[len(firsts) // 2]:.1f} checked_ms={checks[len(checks) // 2]:.1f}")


if __name__ == "__main__":
    main()

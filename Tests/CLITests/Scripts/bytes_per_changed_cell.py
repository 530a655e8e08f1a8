#!/usr/bin/env python3
"""Measures what archbench writes to the terminal for a key press.

Runs the real binary on a pty at 120x40 (TERM=xterm-256color, UTF-8), feeds everything it
writes to pyte (a terminal emulator), then goes through STEPS: a step `KEYS` sends the keys
and waits for the frame; a step `=KEYS` does the same and measures the frame: the bytes
written, the screen cells that changed (as a person sees them: a space's foreground colour
is not seen), the cells written (drawn or erased: more than changed
means unchanged cells were sent again) and whether the bytes erase the display (a full
repaint). Only the change should be sent.

A step `!` narrows the window by a column and widens it back, which makes archbench repaint
everything; that screen must equal the one pyte built from the frames before, so a wrong
frame, or bytes pyte did not understand, make the measurement fail rather than lie.

usage: bytes_per_changed_cell.py ARCHBENCH DESIGN_FILE|--bundled [STEP...]
       (no STEPS: `2 =j`, the Endpoints list and one row down; --bundled opens the bundled
       example, in the current folder)
prints, per measured step: keys=K bytes=N cells=M written=W erases=0|1 per_cell=R
       and per `!`: repaint bytes=N same=0|1
exits 1 when a measured step changed nothing, a repaint differs, or archbench does not quit

Key names in STEPS: Tab, S-Tab, Down, Up, Left, Right, Enter, Esc, Space, C-c; anything else is
sent as typed. Several keys in one step are separated by `+` (`2+j`). DUMP=bytes or
DUMP=screen shows each step on stderr.
"""
import codecs
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

import pyte

COLS, ROWS = 120, 40
# What xterm sends in the application keypad mode ncurses turns on (smkx).
NAMES = {"Tab": b"\t", "S-Tab": b"\x1b[Z", "Down": b"\x1bOB", "Up": b"\x1bOA", "Left": b"\x1bOD",
         "Right": b"\x1bOC", "Enter": b"\r", "Esc": b"\x1b", "Space": b" ", "C-c": b"\x03"}
# Erase in display (`ed`, `clear`): what a full repaint starts with.
ERASES = (b"\x1b[J", b"\x1b[0J", b"\x1b[1J", b"\x1b[2J", b"\x1b[3J")


class Screen(pyte.Screen):
    """pyte's screen with scrolling by CSI S / CSI T (ncurses scrolls a diagram with them;
    pyte 0.8 ignores them) and REP, CSI n b (xterm and tmux repeat the character just drawn;
    the ANSI writer sends a run of one character so), counting the cells written."""

    written = 0
    last = None

    def draw(self, data):
        self.written += len(data)
        if data:
            self.last = data[-1]
        super().draw(data)

    def repeat_last(self, count=None, *args, **kwargs):
        if self.last is not None:
            self.draw(self.last * max(1, count or 1))

    def erase_characters(self, count=None):
        self.written += min(count or 1, self.columns - self.cursor.x)
        super().erase_characters(count)

    def erase_in_line(self, how=0, private=False):
        self.written += {0: self.columns - self.cursor.x, 1: self.cursor.x + 1}.get(how, self.columns)
        super().erase_in_line(how, private)

    def erase_in_display(self, how=0, *args, **kwargs):
        self.written += self.columns * self.lines
        super().erase_in_display(how, *args, **kwargs)

    def _at_top_margin(self, scroll, count):
        x, y = self.cursor.x, self.cursor.y
        self.cursor.y = self.margins.top if self.margins else 0
        scroll(count or 1)
        self.cursor.x, self.cursor.y = x, y

    def scroll_up(self, count=None, *args, **kwargs):
        self._at_top_margin(self.delete_lines, count)

    def scroll_down(self, count=None, *args, **kwargs):
        self._at_top_margin(self.insert_lines, count)


class Stream(pyte.Stream):
    """pyte's stream with scrolling by CSI S / CSI T, fed bytes, and honouring the character set
    designations (`ESC ( 0`, the DEC Special Graphics line drawing) in UTF-8 as xterm and tmux do;
    pyte's own ByteStream ignores them in UTF-8, as the Linux console does."""
    csi = dict(pyte.Stream.csi, S="scroll_up", T="scroll_down", b="repeat_last")

    def __init__(self, screen):
        super().__init__(screen)
        self.use_utf8 = False
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def feed(self, data):
        super().feed(self.decoder.decode(data))


def read_until_quiet(fd, quiet=0.3, limit=5.0):
    """Everything the program writes until it has been silent for `quiet` seconds (nothing,
    if it writes nothing within `limit` seconds)."""
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


def look(c):
    """What a person sees of a cell. A space shows its background, underline and strike-through;
    its foreground and boldness show only when it is reversed."""
    if c.data == " " and not c.reverse:
        return (" ", c.bg, c.underscore, c.strikethrough)
    return (c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.strikethrough, c.reverse)


def snapshot(screen):
    return [[look(c) for c in (screen.buffer[y][x] for x in range(screen.columns))] for y in range(screen.lines)]


def keys(step):
    return b"".join(NAMES.get(k, k.encode()) for k in step.split("+"))


def resize(fd, screen, columns):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, columns, 0, 0))
    screen.resize(ROWS, columns)


def repaint_matches(fd, screen, stream):
    """Narrows the window by a column and widens it back, so archbench repaints everything;
    true when that shows what pyte had built from the frames before."""
    built = snapshot(screen)
    resize(fd, screen, COLS - 1)
    stream.feed(read_until_quiet(fd))
    resize(fd, screen, COLS)
    repaint = read_until_quiet(fd)
    stream.feed(repaint)
    repainted = snapshot(screen)
    same = repainted == built
    print(f"repaint bytes={len(repaint)} same={int(same)}", flush=True)
    if not same:
        rows = [y for y in range(ROWS) if repainted[y] != built[y]]
        print(f"the screen built from the frames differs from a full repaint in rows {rows}:", file=sys.stderr)
        for y in rows[:5]:
            print("  frames:  " + "".join(c[0] for c in built[y]), file=sys.stderr)
            print("  repaint: " + "".join(c[0] for c in repainted[y]), file=sys.stderr)
    return same


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, design, steps = sys.argv[1], sys.argv[2], sys.argv[3:] or ["2", "=j"]
    # A process started from a test thread inherits its blocked signals; archbench must get
    # SIGWINCH to repaint.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update({"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
        os.environ.pop("NO_COLOR", None)
        os.execv(binary, [binary] if design == "--bundled" else [binary, design])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    screen = Screen(COLS, ROWS)
    stream = Stream(screen)
    stream.feed(read_until_quiet(fd, quiet=1.0, limit=60.0))
    status = 0
    for step in steps:
        if step == "!":
            if not repaint_matches(fd, screen, stream):
                status = 1
            continue
        measured = step.startswith("=") and len(step) > 1
        before = snapshot(screen)
        screen.written = 0
        os.write(fd, keys(step[1:] if measured else step))
        written = read_until_quiet(fd)
        stream.feed(written)
        if os.environ.get("DUMP"):
            print(step, repr(written) if os.environ["DUMP"] == "bytes" else "\n".join(screen.display), file=sys.stderr)
        if not measured:
            continue
        after = snapshot(screen)
        cells = sum(1 for y in range(ROWS) for x in range(COLS) if before[y][x] != after[y][x])
        erases = int(any(e in written for e in ERASES))
        per_cell = len(written) / cells if cells else float("inf")
        print(f"keys={step[1:]} bytes={len(written)} cells={cells} written={screen.written} erases={erases} "
              f"per_cell={per_cell:.2f}", flush=True)
        if cells == 0:
            print(f"{step[1:]} changed nothing on the screen", file=sys.stderr)
            status = 1
    # Ctrl-C backs out of a form without storing anything, then quits; SIGKILL if it will not.
    for _ in range(4):
        try:
            os.write(fd, b"\x03")
        except OSError:
            pass
        read_until_quiet(fd, quiet=0.3, limit=2)
        deadline = time.time() + 2
        while time.time() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            time.sleep(0.02)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    print("archbench did not quit on Ctrl-C", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

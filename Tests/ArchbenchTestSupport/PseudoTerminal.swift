#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A pseudo-terminal pair, so a terminal backend (ncurses, ANSI) runs without a tty.
package final class PseudoTerminal {
    package struct Failure: Error {
        package var reason: String
    }

    package private(set) var master: Int32
    package let slave: Int32

    package init(width: Int, height: Int) throws {
        // /dev/ptmx + ioctls: grantpt/ptsname aren't visible to Swift's Glibc. Close-on-exec, so
        // a process another test starts meanwhile does not keep the pty open (and a hang-up from
        // happening).
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw Failure(reason: "no pty") }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        let TIOCSPTLCK: UInt = 0x4004_5431, TIOCGPTN: UInt = 0x8004_5430
        guard ioctl(master, TIOCSPTLCK, &unlock) == 0, ioctl(master, TIOCGPTN, &number) == 0 else {
            throw Failure(reason: "cannot unlock pty")
        }
        slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else { throw Failure(reason: "cannot open pty slave") }
        var ws = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &ws)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(slave)
        if master >= 0 { close(master) }
    }

    /// Closes the controlling side, as sshd or tmux do when the connection or pane goes away.
    package func hangUp() {
        close(master)
        master = -1
    }

    /// Everything the program wrote so far.
    package func drain() -> String {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(master, &chunk, chunk.count)
            if n <= 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Types bytes as if from the keyboard.
    package func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
    }
}


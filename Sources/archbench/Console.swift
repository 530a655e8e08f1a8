import Foundation
import TerminalUI

/// Everything the command line prints goes through here. Text from a design file is data: an
/// ESC, BEL or C1 character in a name or a comment is shown as `\x1b` (by `ControlCharacters`,
/// the sanitiser the workbench draws with), never sent to the terminal, whether standard
/// output is a terminal, a pipe into `less -R` or a file someone `cat`s later.
enum Console {
    /// A document or a block of lines to standard output: line breaks and tabs kept.
    static func write(_ text: String) {
        output(ControlCharacters.escaped(text, keepingLineBreaks: true))
    }

    /// JSON to standard output, with DEL and C1 controls escaped the JSON way so it stays valid.
    static func json(_ text: String) {
        output(ControlCharacters.escapedForJSON(text) + "\n")
    }

    /// One line to standard output. A line break inside (a name that holds one) is shown as
    /// `\n`, so one finding or one comment heading stays one line.
    static func line(_ text: String) {
        output(ControlCharacters.escaped(text) + "\n")
    }

    /// Lines of runs, each run sanitised, then wrapped in its SGR colour (`"1;31"`) when it has one:
    /// the only escape sequences written are those archbench makes itself.
    static func styledLines(_ lines: [[(text: String, sgr: String?)]]) {
        var out = ""
        for runs in lines {
            for run in runs {
                let text = ControlCharacters.escaped(run.text)
                if let sgr = run.sgr { out += "\u{1b}[\(sgr)m\(text)\u{1b}[0m" } else { out += text }
            }
            out += "\n"
        }
        output(out)
    }

    /// One message to standard error, on one line (`file:line:col: message`).
    static func error(_ message: String) {
        diagnostic(ControlCharacters.escaped(message) + "\n")
    }

    /// A message of several lines to standard error (usage text).
    static func errorText(_ text: String) {
        diagnostic(ControlCharacters.escaped(text, keepingLineBreaks: true) + "\n")
    }

    /// Standard output that cannot be written (a full disk, a terminal that hung up) ends the
    /// command with exit 1 and a message, as `cat` or `git` do; what was printed is incomplete.
    private static func output(_ text: String) {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        } catch {
            diagnostic("archbench: cannot write to standard output: \(String(cString: strerror(errno)))\n")
            exit(1)
        }
    }

    /// Standard error that cannot be written (its terminal hung up) has no one to tell: the
    /// message is dropped rather than the process trapping on the failed write.
    private static func diagnostic(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }
}

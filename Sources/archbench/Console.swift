import Foundation
import TerminalUI

/// Everything the command line prints goes through here. Text from a design file is data: an
/// ESC, BEL or C1 character in a name or a comment is shown as `\x1b` (by `ControlCharacters`,
/// the sanitiser the workbench draws with), never sent to the terminal, whether standard
/// output is a terminal, a pipe into `less -R` or a file someone `cat`s later.
enum Console {
    /// A document or a block of lines to standard output: line breaks and tabs kept.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(ControlCharacters.escaped(text, keepingLineBreaks: true).utf8))
    }

    /// JSON to standard output, with DEL and C1 controls escaped the JSON way so it stays valid.
    static func json(_ text: String) {
        FileHandle.standardOutput.write(Data((ControlCharacters.escapedForJSON(text) + "\n").utf8))
    }

    /// One line to standard output. A line break inside (a name that holds one) is shown as
    /// `\n`, so one finding or one comment heading stays one line.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((ControlCharacters.escaped(text) + "\n").utf8))
    }

    /// One message to standard error, on one line (`file:line:col: message`).
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((ControlCharacters.escaped(message) + "\n").utf8))
    }

    /// A message of several lines to standard error (usage text).
    static func errorText(_ text: String) {
        FileHandle.standardError.write(Data((ControlCharacters.escaped(text, keepingLineBreaks: true) + "\n").utf8))
    }
}

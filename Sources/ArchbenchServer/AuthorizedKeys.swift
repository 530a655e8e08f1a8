import Foundation
import NIOSSH
import TerminalUI

/// Who may connect: the public keys of an OpenSSH `authorized_keys` file, each with the name
/// of its person (the key's comment). The key decides who someone is; the SSH user name is
/// ignored.
package struct AuthorizedKeys: Sendable {
    package struct Person: Sendable, Hashable {
        /// The key's comment, control characters made visible: it is shown on other screens.
        package var name: String
        package var fingerprint: String
    }

    package struct Failure: Error, CustomStringConvertible, Equatable {
        package var description: String
    }

    private var people: [NIOSSHPublicKey: Person] = [:]
    /// Lines that were skipped, as `file:line: why` for stderr.
    package private(set) var warnings: [String] = []

    package var count: Int { people.count }

    /// The people's names, as the keys' comments give them.
    package var names: [String] { people.values.map(\.name) }

    package func person(for key: NIOSSHPublicKey) -> Person? { people[key] }

    package static func load(path: String) throws -> AuthorizedKeys {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Failure(description: "\(path): cannot read: \(error.localizedDescription)")
        }
        let keys = try parse(text, file: path)
        guard keys.count > 0 else { throw Failure(description: "\(path): no usable key: nobody could connect") }
        return keys
    }

    /// One key a line: `TYPE BASE64 NAME`. Blank lines and `#` comments are skipped. A line with
    /// OpenSSH options before the key (`from="..."`, `command="..."`) is refused: this server
    /// cannot honour them, and ignoring a restriction would grant more than the file says.
    /// Key types swift-nio-ssh does not verify (RSA, DSA) are skipped with a warning.
    package static func parse(_ text: String, file: String) throws -> AuthorizedKeys {
        var keys = AuthorizedKeys()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let at = "\(file):\(index + 1)"
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard let type = words.first, words.count >= 2 else {
                throw Failure(description: "\(at): expected `TYPE KEY NAME`")
            }
            let known = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]
            let unsupported = ["ssh-rsa", "ssh-dss", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"]
            if unsupported.contains(String(type)) {
                keys.warnings.append("\(at): skipped: \(type) keys are not supported; use ssh-keygen -t ed25519")
                continue
            }
            guard known.contains(String(type)) else {
                throw Failure(description: "\(at): `\(ControlCharacters.escaped(String(type.prefix(40))))` is not a key type; options before the key (from=, command=) are not supported")
            }
            guard words.count == 3 else {
                throw Failure(description: "\(at): the key has no comment; the comment is the person's name")
            }
            let key: NIOSSHPublicKey
            do {
                key = try NIOSSHPublicKey(openSSHPublicKey: "\(words[0]) \(words[1])")
            } catch {
                throw Failure(description: "\(at): the key does not parse: \(error)")
            }
            let name = ControlCharacters.escaped(words[2].trimmingCharacters(in: .whitespaces))
            if let earlier = keys.people[key] {
                throw Failure(description: "\(at): the same key is already listed for \(earlier.name)")
            }
            keys.people[key] = Person(name: name, fingerprint: OpenSSHKeyFormat.fingerprint(of: key))
        }
        return keys
    }
}

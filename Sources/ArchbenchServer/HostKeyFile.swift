import Crypto
import Foundation
import NIOCore
import NIOSSH
#if canImport(Glibc)
import Glibc
#endif

/// The server's ed25519 host key, kept in OpenSSH's private key format (`-----BEGIN OPENSSH
/// PRIVATE KEY-----`, unencrypted) so `ssh-keygen -lf FILE` prints the same fingerprint the
/// server does, and an existing key made by `ssh-keygen -t ed25519 -N ''` can be served.
package struct HostKeyFile: Sendable {
    package struct Failure: Error, CustomStringConvertible, Equatable {
        package var description: String
    }

    package let key: NIOSSHPrivateKey
    /// OpenSSH's `SHA256:` form of the public key's fingerprint.
    package let fingerprint: String
    /// Whether this start created the file.
    package let created: Bool

    /// Reads the key at `path`, or creates one there with mode 0600 when nothing is there.
    /// A key file that group or others may read is refused, as sshd refuses one.
    package static func loadOrCreate(at path: String) throws -> HostKeyFile {
        var status = stat()
        if lstat(path, &status) != 0 {
            guard errno == ENOENT else { throw Failure(description: "\(path): \(String(cString: strerror(errno)))") }
            let signing = Curve25519.Signing.PrivateKey()
            try writeNew(OpenSSHKeyFormat.privateKeyText(signing), to: path)
            return HostKeyFile(signing: signing, created: true)
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw Failure(description: "\(path): not a regular file") }
        guard status.st_mode & 0o077 == 0 else {
            throw Failure(description: "\(path): the host key may be read by others (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Failure(description: "\(path): cannot read: \(error.localizedDescription)")
        }
        do {
            return HostKeyFile(signing: try OpenSSHKeyFormat.ed25519PrivateKey(fromText: text), created: false)
        } catch let failure as OpenSSHKeyFormat.Failure {
            throw Failure(description: "\(path): \(failure.description)")
        }
    }

    init(signing: Curve25519.Signing.PrivateKey, created: Bool) {
        key = NIOSSHPrivateKey(ed25519Key: signing)
        fingerprint = OpenSSHKeyFormat.fingerprint(of: key.publicKey)
        self.created = created
    }

    /// Creates the file with O_EXCL and mode 0600 (whatever the umask), writes and fsyncs it.
    private static func writeNew(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "\(path): cannot create: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                unlink(path)
                throw Failure(description: "\(path): cannot write: \(String(cString: strerror(errno)))")
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            unlink(path)
            throw Failure(description: "\(path): cannot fsync: \(String(cString: strerror(errno)))")
        }
    }
}

/// OpenSSH's key encodings: the `openssh-key-v1` private key container (unencrypted ed25519
/// only) and the SHA256 fingerprint.
package enum OpenSSHKeyFormat {
    package struct Failure: Error, CustomStringConvertible, Equatable {
        package var description: String
    }

    static let begin = "-----BEGIN OPENSSH PRIVATE KEY-----"
    static let end = "-----END OPENSSH PRIVATE KEY-----"
    static let magic = Array("openssh-key-v1".utf8) + [0]

    /// `SHA256:` and the unpadded base64 of the SHA-256 of the key's wire encoding, as
    /// `ssh-keygen -l` and ssh's host key prompt print it.
    package static func fingerprint(of key: NIOSSHPublicKey) -> String {
        let wire = String(openSSHPublicKey: key).split(separator: " ")[1]
        let blob = Data(base64Encoded: String(wire)) ?? Data()
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }

    /// The key as an unencrypted OpenSSH private key file.
    package static func privateKeyText(_ key: Curve25519.Signing.PrivateKey, comment: String = "archbench-serve") -> String {
        let publicBytes = Array(key.publicKey.rawRepresentation)
        var publicBlob = ByteBuffer()
        publicBlob.writeSSHBytes(Array("ssh-ed25519".utf8))
        publicBlob.writeSSHBytes(publicBytes)

        var secret = ByteBuffer()
        let check = UInt32.random(in: .min ... .max)
        secret.writeInteger(check)
        secret.writeInteger(check)
        secret.writeSSHBytes(Array("ssh-ed25519".utf8))
        secret.writeSSHBytes(publicBytes)
        secret.writeSSHBytes(Array(key.rawRepresentation) + publicBytes)
        secret.writeSSHBytes(Array(comment.utf8))
        var pad: UInt8 = 1
        while secret.readableBytes % 8 != 0 {
            secret.writeInteger(pad)
            pad += 1
        }

        var whole = ByteBuffer()
        whole.writeBytes(magic)
        whole.writeSSHBytes(Array("none".utf8))
        whole.writeSSHBytes(Array("none".utf8))
        whole.writeSSHBytes([])
        whole.writeInteger(UInt32(1))
        whole.writeSSHBytes(Array(publicBlob.readableBytesView))
        whole.writeSSHBytes(Array(secret.readableBytesView))

        let encoded = Data(whole.readableBytesView).base64EncodedString()
        var lines = [begin]
        var rest = Substring(encoded)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(70)))
            rest = rest.dropFirst(70)
        }
        lines.append(end)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads an unencrypted ed25519 key from an OpenSSH private key file.
    package static func ed25519PrivateKey(fromText text: String) throws -> Curve25519.Signing.PrivateKey {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = lines.firstIndex(of: begin), let last = lines.firstIndex(of: end), first < last else {
            throw Failure(description: "not an OpenSSH private key (expected \(begin))")
        }
        guard let data = Data(base64Encoded: lines[(first + 1)..<last].joined()) else {
            throw Failure(description: "the key's base64 does not decode")
        }
        var buffer = ByteBuffer(bytes: data)
        guard buffer.readBytes(length: magic.count) == magic else { throw Failure(description: "not an openssh-key-v1 key") }
        guard let cipher = buffer.readSSHBytes(), let kdf = buffer.readSSHBytes(), buffer.readSSHBytes() != nil,
              let count = buffer.readInteger(as: UInt32.self) else {
            throw Failure(description: "the key file is truncated")
        }
        guard cipher == Array("none".utf8), kdf == Array("none".utf8) else {
            throw Failure(description: "the key is encrypted; the server needs a key without a passphrase")
        }
        guard count == 1, buffer.readSSHBytes() != nil, let secretBytes = buffer.readSSHBytes() else {
            throw Failure(description: "the key file must hold exactly one key")
        }
        var secret = ByteBuffer(bytes: secretBytes)
        guard let check1 = secret.readInteger(as: UInt32.self), let check2 = secret.readInteger(as: UInt32.self), check1 == check2 else {
            throw Failure(description: "the key's check numbers differ (a damaged or encrypted key)")
        }
        guard let type = secret.readSSHBytes(), type == Array("ssh-ed25519".utf8) else {
            throw Failure(description: "the host key must be ed25519 (ssh-keygen -t ed25519)")
        }
        guard let publicBytes = secret.readSSHBytes(), publicBytes.count == 32,
              let privateBytes = secret.readSSHBytes(), privateBytes.count == 64 else {
            throw Failure(description: "the ed25519 key has the wrong length")
        }
        let key: Curve25519.Signing.PrivateKey
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: privateBytes.prefix(32))
        } catch {
            throw Failure(description: "the ed25519 key does not load: \(error)")
        }
        guard Array(key.publicKey.rawRepresentation) == publicBytes else {
            throw Failure(description: "the key's public half does not match its private half")
        }
        return key
    }
}

extension ByteBuffer {
    /// An SSH `string`: a 32-bit big-endian length, then the bytes.
    mutating func writeSSHBytes(_ bytes: [UInt8]) {
        writeInteger(UInt32(bytes.count))
        writeBytes(bytes)
    }

    mutating func readSSHBytes() -> [UInt8]? {
        let start = readerIndex
        guard let length = readInteger(as: UInt32.self), let bytes = readBytes(length: Int(length)) else {
            moveReaderIndex(to: start)
            return nil
        }
        return bytes
    }
}

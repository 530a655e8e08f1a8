@testable import ArchbenchServer
import ArchbenchTestSupport
import Crypto
import Foundation
import NIOSSH
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The host key file and the authorized keys, checked against OpenSSH's own tools where they
/// are installed.
@Suite struct KeyFileTests {
    static let keygen = ["/usr/bin/ssh-keygen", "/usr/local/bin/ssh-keygen"].first { FileManager.default.isExecutableFile(atPath: $0) }

    func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "archbench-keys-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aMissingHostKeyIsCreatedPrivateAndReadBackTheSame() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/host_key"
        let made = try HostKeyFile.loadOrCreate(at: path)
        #expect(made.created)
        var status = stat()
        #expect(stat(path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        let again = try HostKeyFile.loadOrCreate(at: path)
        #expect(!again.created)
        #expect(again.fingerprint == made.fingerprint)
        #expect(made.fingerprint.hasPrefix("SHA256:"))
        #expect(!made.fingerprint.hasSuffix("="))
        #expect(made.fingerprint.count == 7 + 43)
    }

    @Test func openSSHPrintsTheSameFingerprintAndLoadsTheKey() throws {
        let keygen = try #require(KeyFileTests.keygen, "ssh-keygen is not installed (.ci/run installs openssh-client)")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Ours, read by ssh-keygen: the fingerprint and the public key it derives match.
        let ours = try HostKeyFile.loadOrCreate(at: folder + "/ours")
        let listed = try Spawn.output([keygen, "-l", "-E", "sha256", "-f", folder + "/ours"])
        #expect(listed.split(separator: " ")[1] == Substring(ours.fingerprint))
        let derived = try Spawn.output([keygen, "-y", "-f", folder + "/ours"])
        #expect(derived.hasPrefix(String(openSSHPublicKey: ours.key.publicKey)))
        // ssh-keygen's, read by us.
        #expect(try Spawn.run([keygen, "-q", "-t", "ed25519", "-N", "", "-C", "x", "-f", folder + "/theirs"]) == 0)
        let theirs = try HostKeyFile.loadOrCreate(at: folder + "/theirs")
        let theirsListed = try Spawn.output([keygen, "-l", "-E", "sha256", "-f", folder + "/theirs.pub"])
        #expect(theirsListed.split(separator: " ")[1] == Substring(theirs.fingerprint))
    }

    @Test func aHostKeyOthersMayReadOrThatIsNotEd25519IsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/host_key"
        _ = try HostKeyFile.loadOrCreate(at: path)
        chmod(path, 0o644)
        #expect(throws: HostKeyFile.Failure.self) { try HostKeyFile.loadOrCreate(at: path) }
        try "not a key\n".write(toFile: folder + "/junk", atomically: true, encoding: .utf8)
        chmod(folder + "/junk", 0o600)
        do {
            _ = try HostKeyFile.loadOrCreate(at: folder + "/junk")
            Issue.record("junk loaded as a key")
        } catch let failure as HostKeyFile.Failure {
            #expect(failure.description.contains("not an OpenSSH private key"))
        }
        if let keygen = KeyFileTests.keygen {
            #expect(try Spawn.run([keygen, "-q", "-t", "ecdsa", "-N", "", "-f", folder + "/ecdsa"]) == 0)
            do {
                _ = try HostKeyFile.loadOrCreate(at: folder + "/ecdsa")
                Issue.record("an ECDSA key loaded as the ed25519 host key")
            } catch let failure as HostKeyFile.Failure {
                #expect(failure.description.contains("must be ed25519"))
            }
        }
    }

    @Test func authorizedKeysNameEachPersonByTheComment() throws {
        let ana = NIOSSHPrivateKey(ed25519Key: .init()).publicKey
        let bo = NIOSSHPrivateKey(p256Key: .init()).publicKey
        let stranger = NIOSSHPrivateKey(ed25519Key: .init()).publicKey
        let text = """
        # the review team
        \(String(openSSHPublicKey: ana)) Ana Lima

        \(String(openSSHPublicKey: bo)) bo\u{1b}[2J
        ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 carol

        """
        let keys = try AuthorizedKeys.parse(text, file: "keys")
        #expect(keys.count == 2)
        #expect(keys.person(for: ana)?.name == "Ana Lima")
        #expect(keys.person(for: bo)?.name == "bo\\x1b[2J")
        #expect(keys.person(for: stranger) == nil)
        #expect(keys.person(for: ana)?.fingerprint == OpenSSHKeyFormat.fingerprint(of: ana))
        #expect(keys.warnings == ["keys:5: skipped: ssh-rsa keys are not supported; use ssh-keygen -t ed25519"])
    }

    @Test func authorizedKeysWithOptionsNoNameOrTwiceAreRefused() throws {
        let key = String(openSSHPublicKey: NIOSSHPrivateKey(ed25519Key: .init()).publicKey)
        let cases: [(String, String)] = [
            ("from=\"10.0.0.1\" \(key) ana", "keys:1: `from=\"10.0.0.1\"` is not a key type"),
            ("\(key)", "keys:1: the key has no comment"),
            ("\(key) ana\n\(key) ana again", "keys:2: the same key is already listed for ana"),
            ("ssh-ed25519 AAAA ana", "keys:1: the key does not parse"),
        ]
        for (text, expected) in cases {
            do {
                _ = try AuthorizedKeys.parse(text, file: "keys")
                Issue.record("accepted: \(text)")
            } catch let failure as AuthorizedKeys.Failure {
                #expect(failure.description.hasPrefix(expected), "\(failure.description)")
            }
        }
    }

    @Test func listenAddresses() {
        #expect(ListenAddress("127.0.0.1:2222") == ListenAddress(host: "127.0.0.1", port: 2222))
        #expect(ListenAddress("[::1]:22") == ListenAddress(host: "::1", port: 22))
        #expect(ListenAddress("0.0.0.0:0")?.isLoopback == false)
        #expect(ListenAddress("localhost:2222")?.isLoopback == true)
        #expect(ListenAddress("127.0.0.1") == nil)
        #expect(ListenAddress("127.0.0.1:70000") == nil)
        #expect(ListenAddress(":22") == nil)
        #expect(ListenAddress.loopbackDefault.description == "127.0.0.1:2222")
    }
}

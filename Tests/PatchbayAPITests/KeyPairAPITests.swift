import Foundation
import NetnsTesting
import PatchbayCore
import PatchbayTesting
import Testing

/// Nova's key pairs: a public key imported under a name, with Nova's MD5 fingerprint, per user;
/// a server booted with its name carries it in its config drive; every refusal in Nova's words.
@Suite struct KeyPairAPITests {
    typealias C = ComputeAPI

    /// An ed25519 public key line of random key bytes, and its blob.
    static func publicKey(algorithm: String = "ssh-ed25519", inside: String = "ssh-ed25519") -> (line: String, blob: Data) {
        func field(_ bytes: [UInt8]) -> [UInt8] { withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes }
        let blob = Data(field(Array(inside.utf8)) + field((0..<32).map { _ in UInt8.random(in: 0...255) }))
        return ("\(algorithm) \(blob.base64EncodedString()) someone@somewhere", blob)
    }

    /// `md5sum`'s digest of `data`, as `aa:bb:…`.
    static func md5Fingerprint(_ data: Data) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pb-key-\(UUID().uuidString)").path
        try data.write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let hex = try Shell.run("/usr/bin/md5sum", [file]).prefix(32)
        return stride(from: 0, to: 32, by: 2).map { offset in
            String(hex[hex.index(hex.startIndex, offsetBy: offset)..<hex.index(hex.startIndex, offsetBy: offset + 2)])
        }.joined(separator: ":")
    }

    @Test func anImportedKeyIsListedShownAndFingerprintedAsNovaDoes() async throws {
        try await C.withServer { _, client in
            let me = APIClient(baseURL: client.baseURL, headers: ["X-Project-Id": "p1", "X-User-Id": "u1", "X-Roles": "member"])
            let key = Self.publicKey()
            let created = try await me.post("\(C.v21)/os-keypairs", ["keypair": ["name": "my key", "public_key": .string(key.line)]])
            #expect(created.status == 200, "\(created.json)")
            #expect(created.json["keypair"]?["fingerprint"]?.stringValue == (try Self.md5Fingerprint(key.blob)))
            #expect(created.json["keypair"]?["user_id"] == "u1" && created.json["keypair"]?["type"] == "ssh")
            let listed = try await me.get("\(C.v21)/os-keypairs").json["keypairs"]?.arrayValue
            #expect(listed?.compactMap { $0["keypair"]?["name"]?.stringValue } == ["my key"])
            let shown = try await me.get("\(C.v21)/os-keypairs/my%20key")
            #expect(shown.status == 200 && shown.json["keypair"]?["public_key"]?.stringValue == key.line)
            #expect(shown.json["keypair"]?["deleted"] == false)

            let again = try await me.post("\(C.v21)/os-keypairs", ["keypair": ["name": "my key", "public_key": .string(key.line)]])
            #expect(again.status == 409 && again.json["conflictingRequest"]?["message"] == "Key pair 'my key' already exists.")
            let other = APIClient(baseURL: client.baseURL, headers: ["X-Project-Id": "p1", "X-User-Id": "u2", "X-Roles": "member"])
            #expect(try await other.get("\(C.v21)/os-keypairs").json["keypairs"] == [], "key pairs are per user")
            #expect(try await other.get("\(C.v21)/os-keypairs/my%20key").status == 404)
            #expect(try await other.delete("\(C.v21)/os-keypairs/my%20key").status == 404)
            #expect(try await me.delete("\(C.v21)/os-keypairs/my%20key").status == 202)
            #expect(try await me.get("\(C.v21)/os-keypairs/my%20key").status == 404)
        }
    }

    @Test(arguments: [
        ("name with a slash", ["name": "a/b", "public_key": .string(Self.publicKey().line)], "unsafe characters"),
        ("empty name", ["name": "", "public_key": .string(Self.publicKey().line)], "between 1 and 255"),
        ("not base64", ["name": "k", "public_key": "ssh-ed25519 !!!notbase64"], "failed to generate fingerprint"),
        ("algorithm mismatch", ["name": "k", "public_key": .string(Self.publicKey(algorithm: "ssh-rsa").line)], "failed to generate fingerprint"),
        ("unknown algorithm", ["name": "k", "public_key": .string(Self.publicKey(algorithm: "ssh-foo", inside: "ssh-foo").line)], "failed to generate fingerprint"),
        ("no public key", ["name": "k"], "generation is not supported"),
        ("no name", ["public_key": .string(Self.publicKey().line)], "'name' is a required property"),
    ] as [(String, [String: JSONValue], String)])
    func aBadKeyPair_Fails(_ what: String, _ body: [String: JSONValue], _ message: String) async throws {
        try await C.withServer { _, client in
            let reply = try await client.post("\(C.v21)/os-keypairs", ["keypair": .object(body)])
            #expect(reply.status == 400, "\(what): \(reply.json)")
            #expect(reply.json["badRequest"]?["message"]?.stringValue?.contains(message) == true, "\(what): \(reply.json)")
            #expect(try await client.get("\(C.v21)/os-keypairs").json["keypairs"] == [], "\(what) stored nothing")
        }
    }

    @Test func aServerBootedWithAKeyCarriesItInItsConfigDrive() async throws {
        try await C.withServer { _, client in
            try await C.fixtureHost(client)
            let flavor = try await C.flavor(client)
            let (network, _) = try await ServerBootAPI.vlanNetwork(client)
            let key = Self.publicKey()
            _ = try await client.post("\(C.v21)/os-keypairs", ["keypair": ["name": "k1", "public_key": .string(key.line)]])
            let unknown = try await client.post("\(C.v21)/servers", ["server": [
                "name": "vm", "flavorRef": .string(flavor), "imageRef": "", "key_name": "nope", "networks": [["uuid": .string(network)]]]])
            #expect(unknown.status == 400 && unknown.json["badRequest"]?["message"] == "Invalid key_name provided.")
            let reply = try await client.post("\(C.v21)/servers", ["server": [
                "name": "vm", "flavorRef": .string(flavor), "imageRef": "", "key_name": "k1", "networks": [["uuid": .string(network)]]]])
            let id = try #require(reply.json["server"]?["id"]?.stringValue, "\(reply.json)")
            let shown = try await C.waitForServer(client, id, status: "ACTIVE")
            #expect(shown["key_name"] == "k1")
            #expect(try await client.delete("\(C.v21)/os-keypairs/k1").status == 202)
            let drive = try await client.get("\(C.patchbay)/servers/\(id)/config_drive").json
            #expect(drive["meta_data"]?["public_keys"] == ["k1": .string(key.line)], "the key as it was at boot")
        }
    }
}

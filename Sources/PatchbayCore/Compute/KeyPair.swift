import Foundation

/// A user's SSH public key, imported under a name (Nova's key pair); a server booted with its
/// name gets the key in its config drive's `public_keys`.
public struct KeyPair: Sendable, Codable, Hashable {
    /// The name, unique per user.
    public var name: String
    /// The owning user.
    public var userId: String
    /// The OpenSSH public key line.
    public var publicKey: String
    /// `aa:bb:…`, the MD5 of the key's blob (Nova's fingerprint).
    public var fingerprint: String
    /// Always `ssh`.
    public var type: String
    /// When it was imported, seconds since the epoch.
    public var createdAt: Int64

    /// Creates a key pair.
    public init(name: String, userId: String, publicKey: String, fingerprint: String, type: String = "ssh", createdAt: Int64) {
        self.name = name
        self.userId = userId
        self.publicKey = publicKey
        self.fingerprint = fingerprint
        self.type = type
        self.createdAt = createdAt
    }

    /// The key algorithms an OpenSSH public key line may name.
    public static let algorithms: Set<String> = ["ssh-rsa", "ssh-ed25519", "ssh-dss", "ecdsa-sha2-nistp256",
                                                 "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]

    /// Checks a name as Nova does: 1 to 255 characters of letters, digits, space, `_`, `-`, `.` and `@`.
    /// - Throws: 400 `compute.invalid_keypair`.
    public static func validate(name: String) throws(PatchbayError) {
        guard (1...255).contains(name.count) else { throw invalid("Keypair name must be string and between 1 and 255 characters long") }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: " _-.@"))
        guard name.unicodeScalars.allSatisfy(allowed.contains), name.trimmingCharacters(in: .whitespaces) == name else {
            throw invalid("Keypair name contains unsafe characters")
        }
    }

    /// The binary blob of an OpenSSH public key line (`ALGORITHM BASE64 [COMMENT]`), checked to
    /// name the same algorithm inside as outside.
    /// - Throws: 400 `compute.invalid_keypair` ("failed to generate fingerprint", as Nova says).
    public static func blob(ofPublicKey line: String) throws(PatchbayError) -> [UInt8] {
        let fields = line.split(whereSeparator: \.isWhitespace)
        guard fields.count >= 2, algorithms.contains(String(fields[0])), let data = Data(base64Encoded: String(fields[1])),
              data.count > 4 else { throw invalid("failed to generate fingerprint") }
        let bytes = Array(data)
        let length = bytes[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard length > 0, 4 + length <= bytes.count, String(decoding: bytes[4..<(4 + length)], as: UTF8.self) == fields[0] else {
            throw invalid("failed to generate fingerprint")
        }
        return bytes
    }

    private static func invalid(_ reason: String) -> PatchbayError {
        PatchbayError(code: "compute.invalid_keypair", type: "InvalidKeypair", category: .badRequest,
                      message: "Keypair data is invalid: \(reason)")
    }
}

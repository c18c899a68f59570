import Crypto
import _CryptoExtras
import Foundation

/// Stores passwords as salted scrypt hashes (swift-crypto's BoringSSL implementation): slow on
/// purpose, never reversible, and self-describing so the cost can be raised later.
///
/// Encoded form: `scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>`.
public struct PasswordHasher: Sendable {
    /// log2 of scrypt's CPU/memory cost N. 15 (N = 32768, 32 MiB) in production.
    public let logCost: Int
    static let blockSize = 8
    static let parallelism = 1
    static let outputBytes = 32

    /// Creates a hasher with the given cost (clamped to 10…20).
    public init(logCost: Int = 15) { self.logCost = min(max(logCost, 10), 20) }

    /// A new hash of `password` with a fresh 16-byte random salt.
    public func hash(_ password: String) throws -> String {
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255) }
        let derived = try derive(password, salt: salt, logCost: logCost, blockSize: Self.blockSize, parallelism: Self.parallelism)
        return ["scrypt", String(logCost), String(Self.blockSize), String(Self.parallelism),
                Data(salt).base64EncodedString(), Data(derived).base64EncodedString()].joined(separator: "$")
    }

    /// Whether `password` matches `encoded`, compared in constant time.
    public func verify(_ password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let log = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
              (10...20).contains(log), let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
              let derived = try? derive(password, salt: Array(salt), logCost: log, blockSize: r, parallelism: p)
        else { return false }
        return derived.count == expected.count && zip(derived, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func derive(_ password: String, salt: [UInt8], logCost: Int, blockSize: Int, parallelism: Int) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: Self.outputBytes,
                                           rounds: 1 << logCost, blockSize: blockSize, parallelism: parallelism,
                                           maxMemory: 256 * 1024 * 1024)
        return key.withUnsafeBytes { Array($0) }
    }
}

/// Token secrets: 256 random bits, base64url; only their SHA-256 is ever stored.
public enum TokenSecrets {
    /// A fresh token string.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The hex SHA-256 under which a token is stored and looked up.
    public static func hash(_ token: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Array(token.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}

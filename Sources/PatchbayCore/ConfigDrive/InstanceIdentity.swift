import Foundation

/// Who a guest is, as its config drive's `meta_data.json` tells it (Nova's names).
public struct InstanceIdentity: Sendable, Hashable {
    /// The server id (`uuid`).
    public var uuid: String
    /// The server name.
    public var name: String
    /// The guest's host name.
    public var hostname: String
    /// The owning project.
    public var projectId: String
    /// The availability zone (`nova` unless set).
    public var availabilityZone: String
    /// The server's user metadata (`meta`).
    public var metadata: [String: String]
    /// Public keys by key-pair name.
    public var publicKeys: [String: String]

    /// Creates an identity.
    public init(uuid: String, name: String, hostname: String, projectId: String, availabilityZone: String = "nova",
                metadata: [String: String] = [:], publicKeys: [String: String] = [:]) {
        self.uuid = uuid
        self.name = name
        self.hostname = hostname
        self.projectId = projectId
        self.availabilityZone = availabilityZone
        self.metadata = metadata
        self.publicKeys = publicKeys
    }
}

extension InstanceIdentity {
    /// The host name Nova derives from a server name: lower case, spaces and underscores as
    /// hyphens, only letters, digits, dots and hyphens, no leading or trailing dot or hyphen,
    /// at most 63 characters; `server-<uuid>` when nothing is left.
    public static func hostname(for name: String, uuid: String) -> String {
        let mapped = name.lowercased().map { $0 == " " || $0 == "_" ? "-" : $0 }
        let kept = String(mapped.filter { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "." || $0 == "-" })
        let trimmed = String(kept.prefix(63)).trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
        return trimmed.isEmpty ? "server-\(uuid)" : trimmed
    }
}

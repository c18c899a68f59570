import Foundation

/// What a server's creator handed its guest: Nova's `metadata`, `user_data` and `config_drive`.
public struct GuestData: Sendable, Codable, Hashable {
    /// The server's metadata items.
    public var metadata: [String: String]
    /// `user_data` as given (base64); nil when none.
    public var userData: String?
    /// True when the guest gets a config drive.
    public var configDrive: Bool
    /// The key pair named at boot (`key_name`), nil when none.
    public var keyName: String?
    /// That key pair's public key as it was at boot (deleting the pair later leaves it).
    public var keyData: String?

    /// Creates the data.
    public init(metadata: [String: String] = [:], userData: String? = nil, configDrive: Bool = false) {
        self.metadata = metadata
        self.userData = userData
        self.configDrive = configDrive
    }

    /// Nova's limit on `user_data`, in bytes of its base64 text.
    public static let maxUserDataLength = 65535
    /// Nova's limits on a metadata item's key and value, in characters.
    public static let maxMetadataKey = 255, maxMetadataValue = 255

    /// Parses the `server` body's fields (Nova's rules): metadata keys of 1 to 255 characters
    /// and string values of at most 255; `user_data` valid base64 of at most 65,535 bytes;
    /// `config_drive` a boolean (or Nova's boolean strings).
    /// - Throws: `compute.invalid_server` (400) naming the field.
    public init(parsing body: [String: JSONValue]) throws(PatchbayError) {
        var metadata: [String: String] = [:]
        if let items = body["metadata"], !items.isNull {
            guard let object = items.objectValue else { throw Self.invalid("metadata", "an object of strings is required") }
            for (key, value) in object {
                guard (1...Self.maxMetadataKey).contains(key.count), let text = value.stringValue, text.count <= Self.maxMetadataValue
                else { throw Self.invalid("metadata", "keys of 1 to 255 characters and string values of at most 255") }
                metadata[key] = text
            }
        }
        var userData: String?
        if let given = body["user_data"], !given.isNull {
            guard let text = given.stringValue, text.utf8.count <= Self.maxUserDataLength,
                  Data(base64Encoded: text) != nil
            else { throw Self.invalid("user_data", "User data needs to be valid base 64 of at most 65535 bytes.") }
            userData = text
        }
        self.init(metadata: metadata, userData: userData, configDrive: try Self.flag(body["config_drive"]))
    }

    /// The user data decoded, or nil when there is none.
    public var decodedUserData: [UInt8]? { userData.flatMap { Data(base64Encoded: $0) }.map(Array.init) }

    private static func flag(_ value: JSONValue?) throws(PatchbayError) -> Bool {
        switch value {
        case nil, .null?: return false
        case .bool(let flag)?: return flag
        case .string(let text)?:
            switch text.lowercased() {
            case "true", "1", "yes", "on", "t", "y": return true
            case "false", "0", "no", "off", "f", "n", "": return false
            default: throw invalid("config_drive", "'\(text)' is not a boolean")
            }
        default: throw invalid("config_drive", "a boolean is required")
        }
    }

    private static func invalid(_ field: String, _ reason: String) -> PatchbayError {
        .badRequest("Invalid input for field/attribute \(field). \(reason)", code: "compute.invalid_server")
    }
}

import Foundation

/// One file of a config drive: its path on the volume (e.g. `openstack/latest/meta_data.json`)
/// and its bytes. Encoded as `{"path": …, "contents": <base64>}` in a guest's desired storage.
public struct DriveFile: Sendable, Hashable, Codable {
    /// The path on the volume, relative to its root.
    public var path: String
    /// The file's bytes.
    public var contents: [UInt8]

    /// Creates a file.
    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }

    /// True when the path is relative and stays inside the volume (no empty, `.` or `..`
    /// component), so writing it under a scratch directory cannot land elsewhere.
    public var hasSafePath: Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.hasPrefix("/") && !components.isEmpty
            && components.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    private enum CodingKeys: String, CodingKey { case path, contents }

    /// Decodes `contents` from base64.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        let text = try container.decode(String.self, forKey: .contents)
        guard let bytes = Data(base64Encoded: text).map(Array.init) else {
            throw DecodingError.dataCorruptedError(forKey: .contents, in: container, debugDescription: "contents are not base64")
        }
        contents = bytes
    }

    /// Encodes `contents` as base64.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(Data(contents).base64EncodedString(), forKey: .contents)
    }
}

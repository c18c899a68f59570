import Foundation
import PatchbayCore

/// The last desired state on disk, so an agent restarted while the server is down still knows
/// what its host must look like. Written atomically (temporary file, then rename).
struct DesiredStateFile: Sendable {
    let path: String

    init(directory: String) {
        path = (directory as NSString).appendingPathComponent("desired-state.json")
    }

    /// The saved state and its tag, or nil when there is none or it cannot be read.
    func load() -> (HostDesiredState, String)? {
        guard let data = FileManager.default.contents(atPath: path),
              let json = try? JSONParser.parse(Array(data)), let inner = json["desired"],
              let state = try? HostDesiredState(json: inner)
        else { return nil }
        return (state, json["tag"]?.stringValue ?? "")
    }

    /// Saves the state with its tag.
    func save(_ state: HostDesiredState, tag: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let bytes = JSONWriter.bytes(["tag": .string(tag), "desired": state.json])
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

import Foundation
import PatchbayCore

/// What the agent last sent of one guest's console log.
struct ConsoleMark: Hashable, Sendable {
    var size: Int
    var modified: Date
}

extension HostAgent {
    /// The most of a console log's end the agent sends (Nova's console output is the log's tail too).
    static var consoleTailBytes: Int { 64 * 1024 }

    /// Sends the tail of every guest's console log that changed since it was last sent, so
    /// `os-getConsoleOutput` answers without asking the host.
    public func syncConsoles() async {
        for id in instances.instances().sorted() {
            let path = instances.paths(id).consoleLog
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date else { continue }
            let mark = ConsoleMark(size: size, modified: modified)
            guard sentConsoles[id] != mark, let tail = Self.tail(of: path, bytes: Self.consoleTailBytes) else { continue }
            await talk("console report") {
                try await server.reportConsole(host: config.host, serverId: id, output: tail)
                sentConsoles[id] = mark
            }
        }
    }

    /// The last `bytes` bytes of a file as text (invalid UTF-8 repaired), from a line start.
    static func tail(of path: String, bytes: Int) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd() else { return nil }
        let start = end > UInt64(bytes) ? end - UInt64(bytes) : 0
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd() else { return nil }
        var text = String(decoding: data, as: UTF8.self)
        if start > 0, let newline = text.firstIndex(of: "\n") { text = String(text[text.index(after: newline)...]) }
        return text
    }
}

import PatchbayCore

/// A `GuestRebootRecord` on disk: one line `<server id> <counter>` per guest, replaced whole
/// (see `DurableFile`). A crash before a save repeats at most the reboot that was under way.
public struct FileGuestRebootRecord: GuestRebootRecord {
    /// The file, e.g. `/var/lib/patchbay/agent/guest-reboots`.
    public let path: String

    /// Creates a record kept at `path`; the file and its directory are created on the first save.
    public init(path: String) {
        self.path = path
    }

    /// The counters; an absent file is an empty record, a malformed line is skipped.
    public func counters() throws(PatchbayError) -> [String: Int] {
        let text: String
        do { text = try DurableFile.read(path) ?? "" } catch { throw .agentStateFailed(path, "\(error)") }
        var counters: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, let counter = Int(fields[1]) { counters[String(fields[0]).lowercased()] = counter }
        }
        return counters
    }

    /// Writes the counters durably.
    public func save(_ counters: [String: Int]) throws(PatchbayError) {
        let text = counters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)\n" }.joined()
        do { try DurableFile.replace(path, with: Array(text.utf8)) } catch { throw .agentStateFailed(path, "\(error)") }
    }
}

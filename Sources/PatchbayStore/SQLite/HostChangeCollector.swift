import CSQLite3
import Synchronization

/// Collects the hosts whose revision the current SQLite transaction moved: a temporary trigger
/// on `host_revisions`, created on the store's own connection only, calls the SQL function
/// `patchbay_host_changed(host)` this collector implements. Other connections to the file (an
/// operator's `sqlite3`) have neither trigger nor function, and need neither.
final class HostChangeCollector: Sendable {
    private let hosts = Mutex<Set<String>>([])

    /// The statements that create the temporary triggers, run once per connection.
    static let triggers = [
        """
        CREATE TEMP TRIGGER host_revisions_inserted_collect AFTER INSERT ON main.host_revisions
        BEGIN SELECT patchbay_host_changed(NEW.host); END
        """,
        """
        CREATE TEMP TRIGGER host_revisions_updated_collect AFTER UPDATE ON main.host_revisions
        BEGIN SELECT patchbay_host_changed(NEW.host); END
        """,
    ]

    /// Forgets what an earlier transaction collected.
    func reset() { hosts.withLock { $0.removeAll() } }

    /// Takes the hosts collected so far.
    func drain() -> Set<String> { hosts.withLock { hosts in defer { hosts.removeAll() }; return hosts } }

    fileprivate func add(_ host: String) { _ = hosts.withLock { $0.insert(host) } }

    /// Registers `patchbay_host_changed` on `handle`; the collector must outlive the connection.
    func register(on handle: OpaquePointer) -> Int32 {
        sqlite3_create_function_v2(handle, "patchbay_host_changed", 1, SQLITE_UTF8, Unmanaged.passUnretained(self).toOpaque(),
                                   { context, count, values in
            guard let context, count == 1, let value = values?[0], let text = sqlite3_value_text(value),
                  let collector = sqlite3_user_data(context) else { return }
            Unmanaged<HostChangeCollector>.fromOpaque(collector).takeUnretainedValue().add(String(cString: text))
            sqlite3_result_null(context)
        }, nil, nil, nil)
    }
}

extension Schema {
    /// Step 7: the tail of each guest's serial console log, as its host's agent last sent it,
    /// kept apart from the server row so a console update moves no revision (and wakes no agent).
    /// The server's purge deletes it.
    static let consoleLogs = Migration(
        version: 7, name: "guest console logs",
        statements: [
            "CREATE TABLE console_logs (server_id TEXT PRIMARY KEY, output TEXT NOT NULL, updated_at INTEGER NOT NULL)",
        ])
}

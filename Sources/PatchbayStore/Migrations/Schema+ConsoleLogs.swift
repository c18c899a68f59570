extension Schema {
    /// Step 8: the tail of each guest's serial console log, as its host's agent last sent it,
    /// kept apart from the server row so a console update moves no revision (and wakes no agent);
    /// the server's purge deletes it. And users' key pairs, unique by name per user.
    static let consoleLogs = Migration(
        version: 8, name: "guest console logs and key pairs",
        statements: [
            "CREATE TABLE console_logs (server_id TEXT PRIMARY KEY, output TEXT NOT NULL, updated_at INTEGER NOT NULL)",
            "CREATE TABLE key_pairs (user_id TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (user_id, name))",
        ])
}

import PatchbayCore

/// The SQL implementation of `NetworkRepository`, over the embedded SQLite store.
public struct SQLNetworkRepository: NetworkRepository {
    private let store: any SQLStore
    private let caches = DocumentCaches()

    /// Creates a repository on an open store.
    public init(store: any SQLStore) {
        self.store = store
    }

    /// Runs `body` with exclusive use of the connection, outside a transaction.
    public func read<T: Sendable>(_ body: (any NetworkSession) async throws -> T) async throws -> T {
        try await store.withSession { db in try await body(SQLNetworkSession(db: db, caches: caches)) }
    }

    /// Runs `body` in one transaction.
    public func write<T: Sendable>(_ body: (any NetworkSession) async throws -> T) async throws -> T {
        try await store.transaction { db in try await body(SQLNetworkSession(db: db, caches: caches)) }
    }
}

/// One session's statements. Documents live in `doc`; indexed columns are derived from the
/// document on every write so they cannot drift from it.
struct SQLNetworkSession: NetworkSession {
    let db: any SQLDatabase
    let caches: DocumentCaches
    let codec = DocumentCodec()
}

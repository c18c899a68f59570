import Logging
import PatchbayStore

/// Opens the database a location names, running pending migrations: a `postgresql://` (or
/// `postgres://`) URL selects PostgreSQL, anything else is a SQLite file path, optionally
/// written `sqlite:PATH`.
public enum DatabaseOpener {
    /// The open store for `location`.
    public static func open(_ location: String, logger: Logger) async throws -> any SQLStore {
        if PostgresLocation.isPostgres(location) {
            return try await PostgresStore.open(try PostgresLocation(location), logger: logger)
        }
        let path = location.hasPrefix("sqlite:") ? String(location.dropFirst("sqlite:".count)) : location
        return try await SQLiteStore.open(path: path, logger: logger)
    }
}

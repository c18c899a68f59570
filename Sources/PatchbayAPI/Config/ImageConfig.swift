/// Where the image service keeps image data (`image:` in the config file).
public struct ImageConfig: Sendable, Equatable {
    /// `image.directory`: the directory image data lives in; nil derives it from the database
    /// (see ``directory(database:isSQLite:)``). Servers sharing a PostgreSQL database must all
    /// name the same shared directory here.
    public var directory: String?

    /// A configuration; `directory` nil derives the directory from the database.
    public init(directory: String? = nil) { self.directory = directory }

    /// The directory used: the configured one; else `images` next to a SQLite database file;
    /// else `images` in the working directory. Each database keeps its files in a subdirectory
    /// of its own, so several databases may share one directory.
    public func directory(database: String, isSQLite: Bool) -> String {
        if let directory { return directory }
        let path = database.hasPrefix("sqlite:") ? String(database.dropFirst("sqlite:".count)) : database
        guard isSQLite, let slash = path.lastIndex(of: "/") else { return "images" }
        return String(path[...slash]) + "images"
    }
}

import Foundation
import PostgresNIO

/// Where a PostgreSQL database is: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, with an
/// optional `?search_path=SCHEMA` (created when missing) to keep one Patchbay in its own schema.
public struct PostgresLocation: Sendable, Equatable {
    /// Server host (a name or an address).
    public var host: String
    /// Server port.
    public var port: Int
    /// The role Patchbay logs in as.
    public var user: String
    /// Its password, when the server asks for one.
    public var password: String?
    /// The database.
    public var database: String
    /// The schema Patchbay's tables live in, when not the default one.
    public var schema: String?

    /// Whether `location` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
    }

    /// Parses a `postgresql://` URL.
    /// - Throws: `PostgresLocationError` naming what is missing or malformed.
    public init(_ url: String) throws(PostgresLocationError) {
        guard let scheme = url.range(of: "://"), Self.isPostgres(url) else { throw .init(url, "it does not start with postgresql://") }
        var rest = Substring(url[scheme.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") { query = rest[rest.index(after: mark)...]; rest = rest[..<mark] }
        guard let at = rest.lastIndex(of: "@") else { throw .init(url, "it names no user (USER@HOST)") }
        let credentials = rest[..<at].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        user = Self.decode(credentials[0])
        password = credentials.count > 1 ? Self.decode(credentials[1]) : nil
        let address = rest[rest.index(after: at)...]
        guard let slash = address.firstIndex(of: "/"), address.index(after: slash) < address.endIndex else {
            throw .init(url, "it names no database (HOST/DATABASE)")
        }
        database = Self.decode(address[address.index(after: slash)...])
        let hostPort = address[..<slash]
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(number) else {
                throw .init(url, "its port is not a number from 1 to 65535")
            }
            host = String(hostPort[..<colon])
            port = number
        } else {
            host = String(hostPort)
            port = 5432
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !user.isEmpty, !host.isEmpty else { throw .init(url, "its user or host is empty") }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0] == "search_path" else { throw .init(url, "only search_path may follow '?'") }
            let name = Self.decode(parts[1])
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !name.isEmpty else {
                throw .init(url, "search_path must be letters, digits and underscores")
            }
            schema = name
        }
    }

    /// The client configuration: plain TCP (the database is on a trusted network or loopback).
    var configuration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                                         database: database, tls: .disable)
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        return configuration
    }

    private static func decode(_ text: Substring) -> String { text.removingPercentEncoding ?? String(text) }
}

/// A database location that cannot be used, with the reason.
public struct PostgresLocationError: Error, CustomStringConvertible {
    /// What is wrong, with the password left out.
    public let description: String

    init(_ url: String, _ reason: String) {
        let shown = url.replacing(/:[^:@\/]*@/, with: ":***@")
        description = "database '\(shown)' is not usable: \(reason)"
    }
}

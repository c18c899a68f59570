import Foundation
import PatchbayCore

/// The PostgreSQL database the tests may use: `PATCHBAY_TEST_POSTGRES` names it (test.sh starts
/// a throw-away cluster on 127.0.0.1 and sets it). With `PATCHBAY_TEST_DATABASE=postgres` every
/// test server runs on it instead of a SQLite file, each in a schema of its own.
public enum TestDatabase {
    /// The cluster's database URL, when one was given.
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["PATCHBAY_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The URL test servers use instead of SQLite files, when `PATCHBAY_TEST_DATABASE=postgres`.
    public static var postgres: String? {
        ProcessInfo.processInfo.environment["PATCHBAY_TEST_DATABASE"] == "postgres" ? postgresURL : nil
    }

    /// `url` in a new schema of its own (created when the store opens), so tests never share rows.
    public static func freshSchema(in url: String) -> String {
        "\(url)?search_path=t\(UUIDv4.make().replacingOccurrences(of: "-", with: ""))"
    }

    /// Why PostgreSQL tests cannot run here, or nil when they can.
    public static var postgresMissing: String? {
        postgresURL == nil ? "PATCHBAY_TEST_POSTGRES names no PostgreSQL database (scripts/test.sh starts one)" : nil
    }
}

import Foundation
import PatchbayCore

/// Encodes domain values into the `doc` column and decodes them back.
struct DocumentCodec {
    let encoder = JSONEncoder()
    let decoder = JSONDecoder()

    func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func decode<T: Decodable & Sendable>(_ type: T.Type, rows: [SQLRow], table: String,
                                         cache: DecodedCache<T>? = nil) throws -> [T] {
        try rows.map { try decode(type, row: $0, table: table, cache: cache) }
    }

    /// Decodes a row's `doc`, reusing the cached value when the text is unchanged.
    func decode<T: Decodable & Sendable>(_ type: T.Type, row: SQLRow, table: String,
                                         cache: DecodedCache<T>? = nil) throws -> T {
        let id = try row.decode(column: "id", as: String.self)
        let text = try row.decode(column: "doc", as: String.self)
        if let hit = cache?.value(id: id, document: text) { return hit }
        do {
            let value = try decoder.decode(type, from: Data(text.utf8))
            cache?.store(id: id, document: text, value: value)
            return value
        } catch {
            throw PatchbayStoreError.corruptDocument(table: table, id: id)
        }
    }
}

/// Turns a constraint failure from the database into the domain conflict it stands for, so a
/// race that slips past a handler's pre-check still gets a clean 409 instead of a 500.
enum ConstraintMapper {
    static func map(_ error: any Error, _ conflicts: [(needle: String, error: PatchbayError)]) -> any Error {
        let text = String(describing: error)
        guard text.contains("constraint") || text.contains("UNIQUE") || text.contains("duplicate key") else {
            return error
        }
        for conflict in conflicts where text.contains(conflict.needle) {
            return conflict.error
        }
        return PatchbayError(code: "store.constraint", type: "Conflict", category: .conflict,
                             message: "The change conflicts with the current state; retry the request.")
    }
}

import Foundation
import Logging
import PatchbayPostgres
import PatchbayStore

/// What a stopped server's SQLite file says about held resources: the checks the lifecycle tests
/// make against the store, not only the API.
struct StoreAudit {
    var servers: [String: (status: String, task: String?, host: String?)] = [:]
    /// Device rows that are claimed or allocated, with their holder.
    var heldDevices: [(address: String, server: String?)] = []
    /// RAM claimed on each host.
    var ramByHost: [String: Int] = [:]
    /// Ports whose device_id is set, with it.
    var reservedPorts: [String: String] = [:]
    /// Ports still bound to a host.
    var boundPorts: Set<String> = []
    /// Every port id.
    var ports: Set<String> = []

    /// Reads the audit from the database file of a stopped server.
    static func read(_ path: String) async throws -> StoreAudit {
        let store = try await DatabaseOpener.open(path, logger: Logger(label: "store-audit"))
        var audit = StoreAudit()
        do {
            try await store.withSession { db in
                for row in try await db.raw("SELECT id, status, task_state, host FROM servers").all() {
                    audit.servers[try row.decode(column: "id", as: String.self)] = (
                        try row.decode(column: "status", as: String.self), row["task_state"].text,
                        row["host"].text)
                }
                for row in try await db.raw("SELECT address, server_id FROM pci_devices WHERE state IN ('claimed', 'allocated')").all() {
                    audit.heldDevices.append((try row.decode(column: "address", as: String.self),
                                              row["server_id"].text))
                }
                for row in try await db.raw("SELECT host, SUM(ram_mb) AS ram FROM servers WHERE host IS NOT NULL GROUP BY host").all() {
                    audit.ramByHost[try row.decode(column: "host", as: String.self)] = try row.decode(column: "ram", as: Int.self)
                }
                for row in try await db.raw("SELECT id, device_id, host_id FROM ports").all() {
                    let id = try row.decode(column: "id", as: String.self)
                    audit.ports.insert(id)
                    let device = try row.decode(column: "device_id", as: String.self)
                    if !device.isEmpty { audit.reservedPorts[id] = device }
                    if !(try row.decode(column: "host_id", as: String.self)).isEmpty { audit.boundPorts.insert(id) }
                }
            }
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        return audit
    }
}

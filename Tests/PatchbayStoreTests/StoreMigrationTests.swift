import Foundation
import PatchbayCore
@testable import PatchbayStore
import Testing

/// Opening a real SQLite file: migrations apply once, data survives reopening, and databases the
/// build cannot read are refused.
@Suite("Store migrations and reopening")
struct StoreMigrationTests {
    @Test("every migration is recorded exactly once, also after reopening the same file")
    func migrationsRecordedOnce() async throws {
        let path = StoreTestSupport.temporaryPath()
        defer { StoreTestSupport.remove(path) }
        let known = Schema.migrations.map(\.version).sorted()
        #expect(known.first == 1)

        for _ in 0..<3 {
            try await StoreTestSupport.withStore(path: path) { store, _ in
                let versions = try await StoreTestSupport.integers(
                    store, "SELECT version FROM schema_migrations ORDER BY version", column: "version")
                #expect(versions == known)
                let once = try await StoreTestSupport.integers(
                    store, "SELECT COUNT(*) AS n FROM schema_migrations WHERE version = 1", column: "n")
                #expect(once == [1])
            }
        }
    }

    @Test("rows committed before a reopen are read back after it")
    func dataSurvivesReopen() async throws {
        let path = StoreTestSupport.temporaryPath()
        defer { StoreTestSupport.remove(path) }
        let network = StoreTestSupport.network()
        let port = StoreTestSupport.port(network: network.id, name: "kept")
        try await StoreTestSupport.withStore(path: path) { _, repository in
            try await repository.write { session in
                try await session.insert(network)
                try await session.insert(port)
            }
        }
        try await StoreTestSupport.withStore(path: path) { _, repository in
            let (readNetwork, readPort, segments) = try await repository.read { session in
                (try await session.network(network.id), try await session.port(port.id), try await session.allocatedSegments())
            }
            #expect(readNetwork == network)
            #expect(readPort == port)
            #expect(segments.vlan == ["physnet1": [150]])
        }
    }

    @Test("a database written by a newer schema is refused with schemaTooNew")
    func newerSchema_Fails() async throws {
        let path = StoreTestSupport.temporaryPath()
        defer { StoreTestSupport.remove(path) }
        let newest = Schema.migrations.map(\.version).max() ?? 0
        try await StoreTestSupport.withStore(path: path) { store, _ in
            try await store.withSession { db in
                try await db.raw("INSERT INTO schema_migrations (version, name) VALUES (\(bind: newest + 1), 'future')").run()
            }
        }
        do {
            let store = try await SQLiteStore.open(path: path, logger: StoreTestSupport.logger)
            try? await store.close()
            Issue.record("opening a database from a newer build succeeded")
        } catch let error as PatchbayStoreError {
            guard case .schemaTooNew(let found, let known) = error else {
                Issue.record("unexpected store error \(error)")
                return
            }
            #expect(found == newest + 1)
            #expect(known == newest)
            #expect(error.description.contains("upgrade patchbay"))
        }
    }

    @Test("a stored document that no longer decodes is reported as corrupt, naming table and id")
    func corruptDocument_Fails() async throws {
        try await StoreTestSupport.withStore { store, repository in
            let network = StoreTestSupport.network()
            try await repository.write { try await $0.insert(network) }
            try await store.withSession { db in
                try await db.raw("UPDATE networks SET doc = '{\"not\": \"a network\"}' WHERE id = \(bind: network.id)").run()
            }
            await #expect {
                _ = try await repository.read { try await $0.network(network.id) }
            } throws: { error in
                guard case .corruptDocument(let table, let id) = error as? PatchbayStoreError else { return false }
                return table == "networks" && id == network.id
            }
        }
    }

    @Test("foreign keys are enforced: a port on a missing network is a retryable Conflict and nothing is written")
    func portOnMissingNetwork_Fails() async throws {
        try await StoreTestSupport.withStore { _, repository in
            let port = StoreTestSupport.port(network: UUIDv4.make())
            await #expect {
                try await repository.write { try await $0.insert(port) }
            } throws: { error in
                guard let error = error as? PatchbayError else { return false }
                return error.type == "Conflict" && error.category == .conflict && error.message.contains("retry")
            }
            let stored = try await repository.read { try await $0.port(port.id) }
            #expect(stored == nil)
        }
    }
}

import Foundation
import Logging
import PatchbayCore
import PatchbayPostgres
import PatchbayStore
import PatchbayTesting
import Testing

/// What a server finds at start after an earlier one died mid-upload or mid-removal: no image
/// stays `saving` for good, no upload file stays forever, no data file stays unreferenced, and
/// no referenced one stays moved aside.
@Suite struct ImageRecoveryTests {
    typealias I = ImageAPI

    /// Writes `change` to image `id` straight into the database of a stopped server.
    static func edit(_ server: TestServer, _ id: String, _ change: @escaping @Sendable (inout Image) -> Void) async throws {
        let store = try await DatabaseOpener.open(server.databasePath, logger: Logger(label: "image-recovery-test"))
        try await SQLImageRepository(store: store).write { session in
            var image = try #require(try await session.image(id))
            let revision = image.audit.revisionNumber
            change(&image)
            image.audit = image.audit.bumped(at: image.audit.updatedAt)
            #expect(try await session.update(image, expectedRevision: revision))
        }
        try await store.close()
    }

    /// Sets a file's modification time `seconds` into the past.
    static func age(_ path: String, by seconds: TimeInterval) throws {
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-seconds)], ofItemAtPath: path)
    }

    @Test("an image left saving by a server that died is queued again: at once on SQLite, once its lease runs out on PostgreSQL")
    func savingLeftByDeadServer() async throws {
        var server = try await TestServer.start()
        do {
            let client = APIClient(baseURL: server.baseURL)
            let id = try I.id(try await I.create(client))
            let now = server.clock.now()
            try await server.stop()
            try await Self.edit(server, id) { image in
                image.status = .saving
                image.upload = UploadLease(holder: "a-server-that-died", expiresAt: now + UploadLease.duration)
            }
            let stale = "\(server.imageFiles)/tmp/left-by-the-dead-server", fresh = "\(server.imageFiles)/tmp/being-written"
            FileManager.default.createFile(atPath: stale, contents: Data([1, 2, 3]))
            FileManager.default.createFile(atPath: fresh, contents: Data([4]))
            try Self.age(stale, by: 7200)
            server = try await server.restart()
            let restarted = APIClient(baseURL: server.baseURL)
            #expect(!FileManager.default.fileExists(atPath: stale))
            if TestDatabase.postgres == nil {
                #expect(try await I.state(restarted, id).status == "queued", "the sole server of a SQLite file runs no upload it did not start")
                #expect(I.temporaryFiles(server).isEmpty, "nor writes any upload file")
            } else {
                #expect(try await I.state(restarted, id).status == "saving", "another live server may still be uploading")
                #expect(FileManager.default.fileExists(atPath: fresh), "and writing this file")
                I.expectFault(try await I.upload(restarted, id, [1]).fault, 409, "Image status transition from saving to saving")
                server.clock.advance(by: UploadLease.duration + 1)
                #expect(try await I.state(restarted, id).status == "queued")
                try? FileManager.default.removeItem(atPath: fresh)
            }
            let bytes = I.bytes(2048, seed: 21)
            #expect(try await I.upload(restarted, id, bytes).status == 204)
            #expect(try await I.download(restarted, id).bytes == bytes)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test("at start, a data file no image references is removed, and a referenced one a removal left moved aside is put back")
    func orphanedAndTrashedFiles() async throws {
        var server = try await TestServer.start()
        do {
            let client = APIClient(baseURL: server.baseURL)
            let kept = I.bytes(3000, seed: 22), orphan = I.bytes(100, seed: 23)
            let id = try I.id(try await I.create(client))
            #expect(try await I.upload(client, id, kept).status == 204)
            try await server.stop()
            let root = server.imageFiles
            let keptPath = "\(root)/data/\(I.sha512(kept))"
            #expect(rename(keptPath, "\(root)/trash/\(I.sha512(kept)).interrupted") == 0)
            FileManager.default.createFile(atPath: "\(root)/data/\(I.sha512(orphan))", contents: Data(orphan))
            FileManager.default.createFile(atPath: "\(root)/trash/\(I.sha512(orphan)).interrupted", contents: Data(orphan))
            server = try await server.restart()
            #expect(I.storedFiles(server) == [I.sha512(kept)])
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/trash")) ?? ["?"]).isEmpty)
            #expect(try await I.download(APIClient(baseURL: server.baseURL), id).bytes == kept)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test("images, their data and their properties survive a restart")
    func survivesRestart() async throws {
        var server = try await TestServer.start()
        do {
            let client = APIClient(baseURL: server.baseURL)
            let bytes = I.bytes(4000, seed: 24)
            let id = try I.id(try await I.create(client, ["name": "kept", "disk_format": "raw", "container_format": "bare",
                                                          "hw_vif_model": "e1000", "tags": ["t"]]))
            #expect(try await I.upload(client, id, bytes).status == 204)
            let before = try await client.get("\(I.v2)/images/\(id)").json
            server = try await server.restart()
            let after = APIClient(baseURL: server.baseURL)
            #expect(try await after.get("\(I.v2)/images/\(id)").json == before)
            #expect(try await I.download(after, id).bytes == bytes)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import PatchbayCore
import PatchbayTesting
import Testing

/// Image data over HTTP: uploads streamed to disk and hashed, downloads streamed back, Glance's
/// refusals, and identical bytes stored once.
@Suite struct ImageDataAPITests {
    typealias I = ImageAPI

    @Test("upload then download: 204, active with the size, MD5 and SHA-512 computed here; the same bytes come back")
    func uploadDownloadRoundTrip() async throws {
        try await I.withServer { server, client in
            let bytes = I.bytes(1_000_003, seed: 1)
            let id = try I.id(try await I.create(client))
            let empty = try await I.download(client, id)
            #expect(empty.status == 204 && empty.bytes.isEmpty, "no data yet")
            let upload = try await I.upload(client, id, bytes)
            #expect(upload.status == 204, "\(upload.json)")
            let image = try await client.get("\(I.v2)/images/\(id)").json
            #expect(image["status"] == "active")
            #expect(image["size"] == .int(bytes.count))
            #expect(image["checksum"] == .string(I.md5(bytes)))
            #expect(image["os_hash_algo"] == "sha512")
            #expect(image["os_hash_value"] == .string(I.sha512(bytes)))
            let download = try await I.download(client, id)
            #expect(download.status == 200)
            #expect(download.headers["content-type"] == "application/octet-stream")
            #expect(download.headers["content-length"] == String(bytes.count))
            #expect(download.headers["content-md5"] == I.md5(bytes))
            #expect(download.bytes == bytes)
            #expect(I.storedFiles(server) == [I.sha512(bytes)])
            #expect(I.temporaryFiles(server).isEmpty)
        }
    }

    @Test("a second upload to an active image is 409 and changes nothing")
    func uploadTwice_Fails() async throws {
        try await I.withServer { server, client in
            let first = I.bytes(5000, seed: 2), second = I.bytes(5000, seed: 3)
            let id = try I.id(try await I.create(client))
            #expect(try await I.upload(client, id, first).status == 204)
            I.expectFault(try await I.upload(client, id, second).fault, 409, "Image status transition from active to saving is not allowed")
            #expect(try await I.download(client, id).bytes == first)
            #expect(I.storedFiles(server) == [I.sha512(first)])
        }
    }

    @Test("while an upload runs the image is saving; a second upload to it is 409, the first completes")
    func concurrentUpload_Fails() async throws {
        try await I.withServer { server, client in
            let chunk = I.bytes(64 * 1024, seed: 13), count = 20
            let id = try I.id(try await I.create(client))
            let gate = ChunkGate()
            let first = Task { try await I.send(client, "PUT", "\(I.v2)/images/\(id)/file", body: gate.body(chunk, count: count),
                                                headers: ["Content-Type": "application/octet-stream"]) }
            #expect(try await Self.waitForSaving(client, id))
            I.expectFault(try await I.upload(client, id, [9, 9, 9]).fault, 409, "Image status transition from saving to saving is not allowed")
            gate.open()
            #expect(try await first.value.status == 204)
            let whole = [UInt8]((0..<count).flatMap { _ in chunk })
            #expect(try await client.get("\(I.v2)/images/\(id)").json["os_hash_value"] == .string(I.sha512(whole)))
            #expect(I.storedFiles(server) == [I.sha512(whole)])
        }
    }

    /// Polls until the image shows `saving`; false when it never does.
    static func waitForSaving(_ client: APIClient, _ id: String) async throws -> Bool {
        for _ in 0..<500 {
            if try await I.state(client, id).status == "saving" { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test("an image deleted while its data uploads: the upload is 410 as in Glance, and its file is not kept")
    func deletedDuringUpload_Fails() async throws {
        try await I.withServer { server, client in
            let chunk = I.bytes(64 * 1024, seed: 14)
            let id = try I.id(try await I.create(client))
            let gate = ChunkGate()
            let upload = Task { try await I.send(client, "PUT", "\(I.v2)/images/\(id)/file", body: gate.body(chunk, count: 20),
                                                 headers: ["Content-Type": "application/octet-stream"]) }
            #expect(try await Self.waitForSaving(client, id))
            #expect(try await client.delete("\(I.v2)/images/\(id)").status == 204)
            gate.open()
            I.expectFault(try await upload.value.fault, 410, "Image \(id) could not be found after upload.")
            #expect(I.storedFiles(server).isEmpty)
            #expect(I.temporaryFiles(server).isEmpty)
        }
    }

    @Test("uploads Glance refuses before reading: formats unset (400), not application/octet-stream (415)")
    func uploadRefused_Fails() async throws {
        try await I.withServer { server, client in
            let bare = try I.id(try await I.create(client, ["name": "no formats"]))
            I.expectFault(try await I.upload(client, bare, [1, 2]).fault, 400,
                          "Properties disk_format, container_format must be set prior to saving data.")
            let half = try I.id(try await I.create(client, ["disk_format": "raw"]))
            I.expectFault(try await I.upload(client, half, [1, 2]).fault, 400, "Property container_format must be set prior to saving data.")
            let id = try I.id(try await I.create(client))
            I.expectFault(try await I.upload(client, id, [1, 2], contentType: "application/json").fault, 415,
                          "The request media type application/json is not supported by this server.")
            for image in [bare, half, id] { #expect(try await I.state(client, image).status == "queued") }
            #expect(I.storedFiles(server).isEmpty)
        }
    }

    @Test("a body cut short of its Content-Length (the client went away) is a 400; the image is queued again, nothing stored")
    func truncatedUpload_Fails() async throws {
        try await I.withServer { server, client in
            let id = try I.id(try await I.create(client))
            let port = try #require(Int(server.baseURL.split(separator: ":").last ?? ""))
            let answer = try await HalfClosedRequest.send(
                port: port, head: "PUT \(I.v2)/images/\(id)/file HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: 200000",
                body: I.bytes(120_000, seed: 4))
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
            #expect(answer.contains("The upload ended after 120000 of the 200000 bytes"), "\(answer)")
            #expect(try await I.state(client, id) == ("queued", nil))
            let row = try await I.storedRow(server, id)
            #expect(row?.status == .queued && row?.upload == nil && row?.data == nil, "the row itself is queued again")
            #expect(I.storedFiles(server).isEmpty)
            #expect(I.temporaryFiles(server).isEmpty)
            let bytes = I.bytes(200_000, seed: 4)
            #expect(try await I.upload(client, id, bytes).status == 204, "the upload may be tried again")
            #expect(try await I.download(client, id).bytes == bytes)
        }
    }

    /// The request declares a size (Glance's `x-openstack-image-size`) or digest the body does not
    /// match. Glance v2 takes no checksum from the client; Patchbay checks RFC 1864's Content-MD5
    /// (base64, or hex as Glance sends it on downloads) when one is sent, and refuses a mismatch
    /// as it refuses a short body: 400, image queued again, nothing stored.
    @Test("a declared size or Content-MD5 the body does not match is a 400, the image queued, nothing stored", arguments: [
        (["x-openstack-image-size": "5001"], "The upload carried 5000 bytes, not the 5001 declared."),
        (["x-openstack-image-size": "4999"], "The upload carried 5000 bytes, not the 4999 declared."),
        (["Content-MD5": "0123456789abcdef0123456789abcdef"], "checksum of uploaded data"),
        (["Content-MD5": "ASNFZ4mrze8BI0VniavN7w=="], "Content-MD5 declared (0123456789abcdef0123456789abcdef)"),
        (["x-openstack-image-size": "lots"], "Invalid or missing image size in request headers."),
        (["Content-MD5": "nonsense"], "Content-MD5 is neither 32 hex digits nor the base64 of an MD5 digest."),
    ])
    func declaredSizeOrDigestMismatch_Fails(headers: [String: String], message: String) async throws {
        try await I.withServer { server, client in
            let id = try I.id(try await I.create(client))
            I.expectFault(try await I.upload(client, id, I.bytes(5000, seed: 5), headers: headers).fault, 400, message)
            #expect(try await I.state(client, id) == ("queued", nil))
            #expect(try await I.storedRow(server, id)?.status == .queued)
            #expect(I.storedFiles(server).isEmpty)
            #expect(I.temporaryFiles(server).isEmpty)
        }
    }

    @Test("a Content-MD5 that matches (base64 or hex) is accepted")
    func matchingContentMD5() async throws {
        try await I.withServer { _, client in
            let bytes = I.bytes(4096, seed: 6)
            let hex = I.md5(bytes)
            var digest: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                digest.append(UInt8(hex[index..<next], radix: 16)!)
                index = next
            }
            let base64 = Data(digest).base64EncodedString()
            for header in [base64, hex.uppercased()] {
                let id = try I.id(try await I.create(client))
                #expect(try await I.upload(client, id, bytes, headers: ["Content-MD5": header]).status == 204)
                #expect(try await I.state(client, id).status == "active")
            }
        }
    }

    @Test("identical bytes are stored once and kept until the last image holding them is deleted")
    func identicalBytesStoredOnce() async throws {
        try await I.withServer { server, client in
            let bytes = I.bytes(300_000, seed: 7), other = I.bytes(1000, seed: 8)
            let first = try I.id(try await I.create(client, ["name": "first", "disk_format": "raw", "container_format": "bare"]))
            let second = try I.id(try await I.create(client, ["name": "second", "disk_format": "qcow2", "container_format": "bare"]))
            let third = try I.id(try await I.create(client))
            for (id, data) in [(first, bytes), (second, bytes), (third, other)] {
                #expect(try await I.upload(client, id, data).status == 204)
            }
            #expect(I.storedFiles(server) == [I.sha512(bytes), I.sha512(other)].sorted())
            let path = "\(server.imageFiles)/data/\(I.sha512(bytes))"
            #expect((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == bytes.count)
            #expect(try await client.delete("\(I.v2)/images/\(first)").status == 204)
            #expect(I.storedFiles(server).contains(I.sha512(bytes)), "the second image still holds the bytes")
            #expect(try await I.download(client, second).bytes == bytes)
            #expect(try await client.delete("\(I.v2)/images/\(second)").status == 204)
            #expect(I.storedFiles(server) == [I.sha512(other)])
            #expect(try await client.delete("\(I.v2)/images/\(third)").status == 204)
            #expect(I.storedFiles(server).isEmpty)
        }
    }

    @Test("a stored file that went missing or was cut short is a 503 on download, never damaged bytes")
    func damagedStoredFile_Fails() async throws {
        try await I.withServer { server, client in
            let bytes = I.bytes(10_000, seed: 9)
            let id = try I.id(try await I.create(client))
            #expect(try await I.upload(client, id, bytes).status == 204)
            let path = "\(server.imageFiles)/data/\(I.sha512(bytes))"
            #expect(truncate(path, 5000) == 0)
            I.expectFault(try await I.download(client, id).fault, 503, "its stored file holds 5000 bytes, not the 10000 recorded")
            #expect(unlink(path) == 0)
            I.expectFault(try await I.download(client, id).fault, 503, "its stored file is missing")
            #expect(try await client.get("\(I.v2)/images/\(id)").json["status"] == "active")
        }
    }

    @Test("a body larger than the JSON body limit (16 MiB) streams through: 40 MiB up and back, never collected")
    func largerThanJSONLimit() async throws {
        try await I.withServer { server, client in
            let chunk = I.bytes(1 << 20, seed: 10)
            let count = 40
            let id = try I.id(try await I.create(client))
            let body = HTTPClientRequest.Body.stream(ChunkSequence(chunk: chunk, count: count), length: .known(Int64(count * chunk.count)))
            let upload = try await I.send(client, "PUT", "\(I.v2)/images/\(id)/file", body: body,
                                          headers: ["Content-Type": "application/octet-stream"])
            #expect(upload.status == 204, "\(upload.json)")
            let whole = [UInt8]((0..<count).flatMap { _ in chunk })
            let image = try await client.get("\(I.v2)/images/\(id)").json
            #expect(image["size"] == .int(whole.count))
            #expect(image["os_hash_value"] == .string(I.sha512(whole)))
            let download = try await I.download(client, id)
            #expect(download.bytes.count == whole.count)
            #expect(I.sha512(download.bytes) == I.sha512(whole))
            #expect(I.storedFiles(server) == [I.sha512(whole)])
        }
    }
}

/// The same chunk `count` times, as an async sequence of buffers (a streamed request body).
struct ChunkSequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let chunk: [UInt8]
    let count: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: ByteBuffer
        var left: Int
        mutating func next() async -> ByteBuffer? {
            guard left > 0 else { return nil }
            left -= 1
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: ByteBuffer(bytes: chunk), left: count) }
}

/// A streamed request body that sends its first chunk, then waits until the test opens the
/// gate before sending the rest: an upload held in the middle for as long as the test needs.
final class ChunkGate: Sendable {
    private let signal = AsyncStream<Void>.makeStream()

    /// Lets the held bodies send the rest.
    func open() { signal.continuation.finish() }

    /// `count` copies of `chunk`, the second and later ones only once the gate is open.
    func body(_ chunk: [UInt8], count: Int) -> HTTPClientRequest.Body {
        let stream = signal.stream
        let parts = AsyncStream<ByteBuffer> { continuation in
            let task = Task {
                continuation.yield(ByteBuffer(bytes: chunk))
                for await _ in stream {}
                for _ in 1..<count { continuation.yield(ByteBuffer(bytes: chunk)) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return .stream(parts, length: .known(Int64(count * chunk.count)))
    }
}

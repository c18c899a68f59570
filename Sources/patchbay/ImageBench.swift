import AsyncHTTPClient
import Foundation
import NIOCore
import PatchbayAPI

/// `patchbay bench --suite images`: image data over real HTTP on 127.0.0.1 to a `patchbay serve`
/// in its own process (noauth; SQLite, or `--database`). `megabytes` MiB are uploaded as a
/// stream the client never holds either, then downloaded and counted, each way timed end to
/// end (the upload includes hashing, the fsync and the commit); the same bytes go up once more
/// to a second image (stored once); and the server's peak resident memory is read before and
/// after, which streaming keeps flat.
struct ImageBench {
    let megabytes: Int
    let database: String?

    func run() async throws {
        let server = try await ServeProcess.start(yaml: ServerConfig.defaultYAML, database: ServeProcess.freshSchema(database))
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let base = "http://\(server.address)/image/v2"
            let warm = try await create(client, base)
            _ = try await upload(client, base, warm, megabytes: 1)
            _ = try await download(client, base, warm)
            let before = server.peakResidentMiB
            let first = try await create(client, base), second = try await create(client, base)
            let up = try await upload(client, base, first, megabytes: megabytes)
            let (bytes, down) = try await download(client, base, first)
            let again = try await upload(client, base, second, megabytes: megabytes)
            let mib = Double(megabytes)
            print(String(format: "image upload: %d MiB in %.2f s = %.0f MiB/s (streamed to disk, MD5 and SHA-512 on the way, fsync)",
                         megabytes, up, mib / up))
            print(String(format: "image download: %d MiB in %.2f s = %.0f MiB/s", bytes >> 20, down, Double(bytes) / 1_048_576 / down))
            print(String(format: "image upload of identical bytes (stored once): %.2f s = %.0f MiB/s", again, mib / again))
            print("server peak RSS: \(before) MiB before, \(server.peakResidentMiB) MiB after \(megabytes) MiB up twice and down once")
        } catch {
            print("images bench failed: \(error)")
        }
        try await client.shutdown()
        await server.stop()
    }

    private func create(_ client: HTTPClient, _ base: String) async throws -> String {
        var request = HTTPClientRequest(url: "\(base)/images")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"name": "bench", "disk_format": "raw", "container_format": "bare"}"#))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == 201 else { throw FleetFailure("image create: \(response.status.code) \(String(buffer: body))") }
        return BenchJSON(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)))["id"].string
    }

    /// Uploads `megabytes` MiB of pseudo-random bytes; the seconds it took.
    private func upload(_ client: HTTPClient, _ base: String, _ id: String, megabytes: Int) async throws -> Double {
        var request = HTTPClientRequest(url: "\(base)/images/\(id)/file")
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        var generator = SystemRandomNumberGenerator()
        let chunk = ByteBuffer(bytes: (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        request.body = .stream(RepeatedChunk(chunk: chunk, count: megabytes), length: .known(Int64(megabytes) << 20))
        let began = ContinuousClock.now
        let response = try await client.execute(request, timeout: .seconds(600))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == 204 else { throw FleetFailure("upload: \(response.status.code) \(String(buffer: body))") }
        return began.duration(to: .now).milliseconds / 1000
    }

    /// Downloads an image, counting the bytes without keeping them; the count and the seconds.
    private func download(_ client: HTTPClient, _ base: String, _ id: String) async throws -> (Int, Double) {
        let began = ContinuousClock.now
        let response = try await client.execute(HTTPClientRequest(url: "\(base)/images/\(id)/file"), timeout: .seconds(600))
        guard response.status.code == 200 else { throw FleetFailure("download: \(response.status.code)") }
        var count = 0
        for try await buffer in response.body { count += buffer.readableBytes }
        return (count, began.duration(to: .now).milliseconds / 1000)
    }
}

/// One buffer `count` times, as a streamed request body.
struct RepeatedChunk: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let chunk: ByteBuffer
    let count: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let chunk: ByteBuffer
        var left: Int
        mutating func next() async -> ByteBuffer? {
            guard left > 0 else { return nil }
            left -= 1
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunk: chunk, left: count) }
}

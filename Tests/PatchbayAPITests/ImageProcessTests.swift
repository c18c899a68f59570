import Foundation
import PatchbayCore
import PatchbayTesting
import Testing

/// Image uploads against `patchbay serve` as a real process: killed in the middle of one, and
/// its memory while 64 MiB pass through in each direction.
@Suite(.serialized) struct ImageProcessTests {
    typealias I = ImageAPI

    /// A scratch directory for one process's database (its images go in `images/` beside it).
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pb-images-\(UUIDv4.make())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The entries of `images/<store id>/<sub>` under `directory`.
    static func files(_ directory: URL, _ sub: String) -> [String] {
        let images = directory.appendingPathComponent("images").path
        let stores = (try? FileManager.default.contentsOfDirectory(atPath: images)) ?? []
        return stores.flatMap { (try? FileManager.default.contentsOfDirectory(atPath: "\(images)/\($0)/\(sub)")) ?? [] }
    }

    /// The process's peak resident memory, in KiB (`VmHWM`).
    static func peakKiB(_ process: ServeProcess) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    @Test("a server killed mid-upload leaves the image saving; the next one to start queues it again and removes the partial file")
    func killedMidUpload() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["--noauth", "--log-level", "warning", "--database", directory.appendingPathComponent("patchbay.sqlite").path]
        let first = try ServeProcess.start(arguments: arguments)
        let client = APIClient(baseURL: first.baseURL)
        let id = try I.id(try await I.create(client))
        let port = try #require(Int(first.baseURL.split(separator: ":").last ?? ""))
        let upload = Task {
            try await HalfClosedRequest.send(
                port: port, head: "PUT \(I.v2)/images/\(id)/file HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000",
                body: I.bytes(300_000, seed: 31), hold: true)
        }
        var status: String?
        for _ in 0..<100 {
            status = try await I.state(client, id).status
            if status == "saving" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(status == "saving")
        #expect(Self.files(directory, "tmp").count == 1, "the upload is being written")
        _ = try first.terminate(signal: SIGKILL)
        _ = try? await upload.value

        let second = try ServeProcess.start(arguments: arguments)
        defer { _ = try? second.terminate(signal: SIGTERM) }
        let restarted = APIClient(baseURL: second.baseURL)
        #expect(try await I.state(restarted, id) == ("queued", nil))
        #expect(Self.files(directory, "tmp").isEmpty)
        #expect(Self.files(directory, "data").isEmpty)
        let bytes = I.bytes(1_000_000, seed: 31)
        #expect(try await I.upload(restarted, id, bytes).status == 204)
        #expect(try await I.download(restarted, id).bytes == bytes)
    }

    @Test("64 MiB up and 64 MiB down grow the server's peak memory by far less than 64 MiB: the bytes stream through")
    func streamingKeepsMemoryFlat() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ServeProcess.start(arguments: ["--noauth", "--log-level", "warning",
                                                        "--database", directory.appendingPathComponent("patchbay.sqlite").path])
        defer { _ = try? server.terminate(signal: SIGTERM) }
        let client = APIClient(baseURL: server.baseURL)
        let warm = try I.id(try await I.create(client))
        #expect(try await I.upload(client, warm, I.bytes(4 << 20, seed: 32)).status == 204)
        #expect(try await I.download(client, warm).bytes.count == 4 << 20)
        let before = Self.peakKiB(server)

        let chunk = I.bytes(1 << 20, seed: 33), count = 64
        let id = try I.id(try await I.create(client))
        let upload = try await I.send(client, "PUT", "\(I.v2)/images/\(id)/file",
                                      body: .stream(ChunkSequence(chunk: chunk, count: count), length: .known(Int64(count << 20))),
                                      headers: ["Content-Type": "application/octet-stream"])
        #expect(upload.status == 204)
        let download = try await I.download(client, id)
        #expect(download.bytes.count == count << 20)
        let grown = Self.peakKiB(server) - before
        #expect(before > 0)
        #expect(grown < 16 * 1024, "peak RSS grew by \(grown / 1024) MiB for 64 MiB each way")
    }
}

import AsyncHTTPClient
import Foundation
import NetnsTesting
import NIOCore
import PatchbayCore
import PatchbayTesting
import Testing

/// The tiny guest the real-hypervisor tests boot, built from Debian packages by
/// `scripts/lib/guest-image.sh` (a kernel and a busybox initramfs whose init configures its NICs
/// from the config drive, runs the user data and prints markers on the serial console), cached
/// under `.build/guest-image`.
enum GuestImageFixture {
    /// The repository's root, from this file's path.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The built image's path (building it when the cache is cold).
    static let path: Result<String, any Error> = Result {
        let output = try Shell.run("/bin/bash", [repository + "/scripts/lib/guest-image.sh", repository + "/.build/guest-image"])
        guard let last = output.split(separator: "\n").last.map(String.init), FileManager.default.fileExists(atPath: last) else {
            throw NetnsError("guest-image.sh printed no image path: \(output)")
        }
        return last
    }

    /// Creates an image named `name` through the image API and uploads the guest's bytes (or
    /// `file`'s, in `format`); returns its id.
    static func upload(_ client: APIClient, name: String, file given: String? = nil, format: String = "qcow2") async throws -> String {
        let file = try given ?? path.get()
        let created = try await client.post("/image/v2/images", [
            "name": .string(name), "disk_format": .string(format), "container_format": "bare"])
        #expect(created.status == 201, "image create: \(created.json)")
        let id = try #require(created.json["id"]?.stringValue)
        var request = HTTPClientRequest(url: client.baseURL + "/image/v2/images/\(id)/file")
        request.method = .PUT
        for (header, value) in client.headers { request.headers.add(name: header, value: value) }
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.body = .bytes(ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: file))))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        #expect(response.status.code == 204, "image upload answered \(response.status.code)")
        return id
    }
}

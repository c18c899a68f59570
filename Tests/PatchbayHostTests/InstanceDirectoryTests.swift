import Foundation
import NetnsTesting
import PatchbayCore
import PatchbayHost
import Testing

/// A guest's files laid out with the real `qemu-img` and `genisoimage`: the image fetched into the
/// cache only when its size, SHA-512 and format are right, a qcow2 overlay over it sized to the
/// flavor, the config drive, and all of it removed with the guest; the cache trimmed by size.
@Suite(.requires(FileManager.default.isExecutableFile(atPath: "/usr/bin/qemu-img") && ConfigDriveImage.isAvailable,
                 "qemu-img (Debian's qemu-utils) and genisoimage"))
struct InstanceDirectoryTests {
    static let qemuImg = CommandRunner(executable: "/usr/bin/qemu-img")

    /// A scratch instances directory and a 256 KiB raw image of random bytes beside it.
    static func withLab(_ body: (InstanceDirectory, _ imageFile: String, GuestImage) async throws -> Void) async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pb-instances-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let bytes = (0..<(1 << 15)).flatMap { _ in withUnsafeBytes(of: UInt64.random(in: .min ... .max)) { Array($0) } }
        let file = scratch + "/source.raw"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let digest = try CommandRunner(executable: "/usr/bin/sha512sum").run([file]).prefix(128)
        try await body(InstanceDirectory(root: scratch + "/instances"), file,
                       GuestImage(id: "img-1", sha512: String(digest), size: bytes.count, diskFormat: "raw"))
    }

    static func copy(_ source: String) -> @Sendable (String) async throws -> Void {
        { path in try FileManager.default.copyItem(atPath: source, toPath: path) }
    }

    @Test func anImageIsFetchedOnceThenLaidUnderAnOverlayAndRemovedWithTheGuest() async throws {
        try await Self.withLab { instances, file, image in
            let fetches = Counter()
            let fetch: @Sendable (String) async throws -> Void = { path in
                fetches.add()
                try FileManager.default.copyItem(atPath: file, toPath: path)
            }
            let base = try await instances.cache.cached(image, fetch: fetch)
            #expect(try await instances.cache.cached(image, fetch: fetch) == base)
            #expect(fetches.value == 1, "the second guest finds the image cached")
            let id = UUID().uuidString.lowercased()
            let drive = [DriveFile(path: "openstack/latest/meta_data.json", contents: Array("{}".utf8))]
            try instances.layOut(id, storage: GuestStorage(image: image, diskGB: 2, configDrive: drive), base: base)
            let info = try JSONParser.parse(Array(try Self.qemuImg.run(["info", "--output=json", instances.paths(id).disk]).utf8))
            #expect(info["format"] == "qcow2" && info["virtual-size"]?.intValue == 2 << 30)
            #expect(info["backing-filename"]?.stringValue == base && info["backing-filename-format"] == "raw")
            #expect(FileManager.default.fileExists(atPath: instances.paths(id).configDrive))
            #expect(instances.instances() == [id] && instances.imagesInUse() == [image.sha512])
            #expect(instances.cache.evict(inUse: instances.imagesInUse(), maxBytes: 0).isEmpty, "a base in use is kept")
            try instances.remove(id)
            #expect(instances.instances().isEmpty && !FileManager.default.fileExists(atPath: instances.paths(id).directory))
            #expect(instances.cache.evict(inUse: instances.imagesInUse(), maxBytes: 0) == [image.sha512])
            #expect(!FileManager.default.fileExists(atPath: base))
        }
    }

    @Test func aFetchThatIsNotTheImageCachesNothing() async throws {
        try await Self.withLab { instances, file, image in
            var wrongSize = image
            wrongSize.size += 1
            var wrongDigest = image
            wrongDigest.sha512 = String(repeating: "0", count: 128)
            var wrongFormat = image
            wrongFormat.diskFormat = "qcow2"
            for (bad, reason) in [(wrongSize, "bytes arrived"), (wrongDigest, "SHA-512"), (wrongFormat, "as qcow2")] {
                await #expect(throws: PatchbayError.self, "\(reason)") { try await instances.cache.cached(bad, fetch: Self.copy(file)) }
                do { _ = try await instances.cache.cached(bad, fetch: Self.copy(file)) } catch let error as PatchbayError {
                    #expect(error.code == "host.image_invalid" && error.message.contains(reason), "\(error.message)")
                }
            }
            #expect(instances.cache.entries().isEmpty, "nothing cached, no partial file left")
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: instances.cache.directory)) ?? []).isEmpty)
        }
    }

    @Test func aQcow2NamingAHostFileIsRefused() async throws {
        try await Self.withLab { instances, file, _ in
            let sneaky = file + ".qcow2"
            try Self.qemuImg.run(["create", "-q", "-f", "qcow2", "-b", file, "-F", "raw", sneaky])
            let size = try #require(FileManager.default.attributesOfItem(atPath: sneaky)[.size] as? Int)
            let digest = String(try CommandRunner(executable: "/usr/bin/sha512sum").run([sneaky]).prefix(128))
            let image = GuestImage(id: "sneaky", sha512: digest, size: size, diskFormat: "qcow2")
            do {
                _ = try await instances.cache.cached(image, fetch: Self.copy(sneaky))
                Issue.record("a qcow2 with a backing file was cached")
            } catch let error as PatchbayError {
                #expect(error.message.contains("backing file"), "\(error.message)")
            }
        }
    }

    @Test func theCacheKeepsTheRecentlyUsedWithinItsSize() async throws {
        try await Self.withLab { instances, file, image in
            let base = try await instances.cache.cached(image, fetch: Self.copy(file))
            // An older image of the same size, used an hour ago.
            let old = String(repeating: "a", count: 128)
            try FileManager.default.copyItem(atPath: base, toPath: "\(instances.cache.directory)/\(old)")
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)],
                                                  ofItemAtPath: "\(instances.cache.directory)/\(old)")
            #expect(instances.cache.evict(inUse: [], maxBytes: Int64(image.size)) == [old])
            #expect(instances.cache.entries().map(\.sha512) == [image.sha512])
        }
    }
}

/// A count several tasks add to.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}

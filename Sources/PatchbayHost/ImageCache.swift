import Foundation
import PatchbayCore

/// A host's image cache, `<instances>/_base/<sha512>`: each image fetched once, checked before
/// it is used and kept while guests are laid over it. A fetch lands in `<sha512>.part` and is
/// renamed into place only once its size, SHA-512 and format are right, so a crash or a bad
/// transfer never leaves a usable-looking file.
public struct ImageCache: Sendable {
    /// The cache directory.
    public let directory: String
    private let qemuImg: CommandRunner
    private let sha512sum: CommandRunner

    /// A cache under instances directory `root`.
    public init(root: String, qemuImg: String = "/usr/bin/qemu-img", sha512sum: String = "/usr/bin/sha512sum") {
        directory = InstancePaths.cache(root: root)
        self.qemuImg = CommandRunner(executable: qemuImg)
        self.sha512sum = CommandRunner(executable: sha512sum)
    }

    /// The cached file of `image`.
    public func path(of image: GuestImage) -> String { "\(directory)/\(image.sha512)" }

    /// The cached file of `image`, fetched with `fetch` (which writes the image's bytes to the
    /// path it is given) when not cached yet. Marks it used now.
    /// - Throws: `host.image_invalid` when the fetched bytes are not the image's (size, digest,
    ///   format, a backing file), or what `fetch` threw; nothing is cached then.
    public func cached(_ image: GuestImage, fetch: @Sendable (String) async throws -> Void) async throws -> String {
        guard image.hasValidDigest else { throw Self.invalid(image, "its SHA-512 '\(image.sha512)' is not 128 hex digits") }
        let path = path(of: image)
        if FileManager.default.fileExists(atPath: path) {
            touch(path)
            return path
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let partial = path + ".part"
        try? FileManager.default.removeItem(atPath: partial)
        defer { try? FileManager.default.removeItem(atPath: partial) }
        try await fetch(partial)
        try verify(partial, as: image)
        guard rename(partial, path) == 0 else { throw Self.invalid(image, "cannot move it into the cache (errno \(errno))") }
        return path
    }

    /// Checks a fetched file: its size, its SHA-512, and that QEMU reads it as its disk format
    /// with no backing file (a qcow2 naming a host file would hand that file to the guest).
    func verify(_ file: String, as image: GuestImage) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? -1
        guard size == image.size else { throw Self.invalid(image, "\(size) bytes arrived, \(image.size) expected") }
        let digest = try sha512sum.run([file]).split(separator: " ").first.map(String.init) ?? ""
        guard digest == image.sha512 else { throw Self.invalid(image, "its SHA-512 is \(digest.prefix(16))…, not \(image.sha512.prefix(16))…") }
        let info: JSONValue
        do { info = try JSONParser.parse(Array(try qemuImg.run(["info", "--output=json", "-f", image.diskFormat, file]).utf8)) } catch {
            throw Self.invalid(image, "QEMU does not read it as \(image.diskFormat): \(error)")
        }
        guard info["format"]?.stringValue == image.diskFormat else { throw Self.invalid(image, "QEMU does not read it as \(image.diskFormat)") }
        guard info["backing-filename"] == nil else { throw Self.invalid(image, "it names a backing file") }
    }

    /// Every cached image.
    public func entries() -> [CachedImageEntry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter(GuestImage.isDigest).compactMap { name in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: "\(directory)/\(name)") else { return nil }
            let size = Int64(attributes[.size] as? Int ?? 0)
            let used = Int64((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
            return CachedImageEntry(sha512: name, size: size, lastUsed: used)
        }
    }

    /// Removes the cached images `ImageCachePolicy` picks so the cache fits `maxBytes`, keeping
    /// those in `inUse`; returns the digests removed.
    @discardableResult
    public func evict(inUse: Set<String>, maxBytes: Int64) -> [String] {
        let removed = ImageCachePolicy.evictions(entries(), inUse: inUse, maxBytes: maxBytes)
        for digest in removed { try? FileManager.default.removeItem(atPath: "\(directory)/\(digest)") }
        return removed
    }

    private func touch(_ path: String) {
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
    }

    static func invalid(_ image: GuestImage, _ reason: String) -> PatchbayError {
        PatchbayError(code: "host.image_invalid", type: "ImageInvalid", category: .internalError,
                      message: "image \(image.id) cannot be used: \(reason)")
    }
}

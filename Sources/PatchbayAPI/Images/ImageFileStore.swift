import Foundation
import PatchbayCore
#if canImport(Glibc)
import Glibc
#endif

/// The image files of one database, under `root` (`<image.directory>/<store id>`): each stored
/// once, named by its SHA-512, in `data/`; uploads written in `tmp/` until complete; removals
/// passing through `trash/`.
///
/// Every file change is one atomic system call, ordered so that an image row never references
/// a missing file for longer than a concurrent remove takes to notice it: an upload links its
/// file into place *before* committing the reference and checks it is still there *after*; a
/// remove moves the file aside *before* asking the database whether anything references it,
/// and moves it back when something does. Several servers may share the directory.
public struct ImageFileStore: Sendable {
    /// The directory of this database's files.
    public let root: String

    /// The store for the database `storeId` in `directory`, creating its directories.
    public init(directory: String, storeId: String) throws {
        root = (directory as NSString).appendingPathComponent(storeId)
        for sub in ["data", "tmp", "trash"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(sub)", withIntermediateDirectories: true)
        }
    }

    /// Where the data whose SHA-512 is `sha512` is kept.
    public func path(of sha512: String) -> String { "\(root)/data/\(sha512)" }
    /// The directory uploads are written to until complete.
    public var temporaryDirectory: String { "\(root)/tmp" }
    var trashDirectory: String { "\(root)/trash" }

    /// A new temporary file to upload into.
    func newUpload() throws -> ImageUploadFile {
        try ImageUploadFile(path: "\(temporaryDirectory)/\(UUIDv4.make())")
    }

    /// Opens the stored data of an image for reading; 503 when the file is missing or not the
    /// size the image records.
    func open(_ data: ImageData, image id: String) throws -> ImageFileReader {
        let descriptor = Glibc.open(path(of: data.sha512), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PatchbayError.imageDataUnavailable(id, reason: errno == ENOENT ? "its stored file is missing" : Self.describe(errno))
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, Int64(info.st_size) == data.size else {
            let found = Int64(info.st_size)
            Glibc.close(descriptor)
            throw PatchbayError.imageDataUnavailable(id, reason: "its stored file holds \(found) bytes, not the \(data.size) recorded")
        }
        return ImageFileReader(descriptor: descriptor, length: data.size)
    }

    /// Links a finished upload into place as the data `sha512`. When a file of that name
    /// already holds the same number of bytes it is kept (same digest, same data); one of
    /// another size (damaged) is replaced.
    func place(_ upload: ImageUploadFile, sha512: String) throws {
        let target = path(of: sha512)
        if link(upload.path, target) == 0 { return }
        guard errno == EEXIST else { throw ImageFileError("link \(upload.path) to \(target): \(Self.describe(errno))") }
        var info = stat()
        if stat(target, &info) == 0, Int64(info.st_size) == upload.written { return }
        let staged = "\(temporaryDirectory)/\(UUIDv4.make())"
        guard link(upload.path, staged) == 0, rename(staged, target) == 0 else {
            throw ImageFileError("replace damaged \(target): \(Self.describe(errno))")
        }
    }

    /// After the reference is committed: puts the upload's file back in place if a concurrent
    /// remove took it away meanwhile.
    func ensurePlaced(_ upload: ImageUploadFile, sha512: String) {
        guard access(path(of: sha512), F_OK) != 0 else { return }
        _ = link(upload.path, path(of: sha512))
    }

    /// Removes the data `sha512` unless `isReferenced` (asked after the file is moved aside)
    /// says an image holds it; then the file is moved back.
    func remove(_ sha512: String, isReferenced: () async throws -> Bool) async throws {
        let aside = "\(trashDirectory)/\(sha512).\(UUIDv4.make())"
        guard rename(path(of: sha512), aside) == 0 else { return }
        try await settle(aside, sha512: sha512, isReferenced: isReferenced)
    }

    /// Deletes a file moved aside, or moves it back when the data is referenced after all.
    func settle(_ aside: String, sha512: String, isReferenced: () async throws -> Bool) async throws {
        if try await isReferenced() { _ = link(aside, path(of: sha512)) }
        unlink(aside)
    }

    static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// A file operation of the image store that failed.
struct ImageFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

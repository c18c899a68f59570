import Crypto
import Foundation
import PatchbayCore
#if canImport(Glibc)
import Glibc
#endif

/// An upload being written to a temporary file, hashed (MD5 and SHA-512) as the bytes pass, so
/// the data is never held in memory and never read twice.
final class ImageUploadFile {
    /// The temporary file.
    let path: String
    /// Bytes written so far.
    private(set) var written: Int64 = 0
    private var descriptor: Int32
    private var md5 = Insecure.MD5()
    private var sha512 = SHA512()

    /// Creates the file (it must not exist yet).
    init(path: String) throws {
        self.path = path
        descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw ImageFileError("create \(path): \(ImageFileStore.describe(errno))") }
    }

    deinit { discard() }

    /// Appends a chunk and feeds it to both digests.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        md5.update(bufferPointer: bytes)
        sha512.update(bufferPointer: bytes)
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw ImageFileError("write \(path): \(ImageFileStore.describe(errno))")
            }
            offset += count
        }
        written += Int64(bytes.count)
    }

    /// Flushes the file to disk and closes it; returns the size and digests of what was written.
    func finish() throws -> ImageData {
        guard fsync(descriptor) == 0 else { throw ImageFileError("fsync \(path): \(ImageFileStore.describe(errno))") }
        Glibc.close(descriptor)
        descriptor = -1
        return ImageData(size: written, md5: Self.hex(md5.finalize()), sha512: Self.hex(sha512.finalize()))
    }

    /// Closes and deletes the temporary file (idempotent; the data, once linked into place, stays).
    func discard() {
        if descriptor >= 0 {
            Glibc.close(descriptor)
            descriptor = -1
        }
        unlink(path)
    }

    /// Lower-case hex of a digest.
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

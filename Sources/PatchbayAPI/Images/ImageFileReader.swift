import PatchbayCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An open stored image file, read front to back by the responder as the connection takes the
/// bytes; closed when the response is written, abandoned, or dropped.
final class ImageFileReader: ByteSource {
    /// The file's size, checked against the image's when it was opened.
    let length: Int64
    private let descriptor = Mutex<Int32>(-1)

    init(descriptor: Int32, length: Int64) {
        self.length = length
        self.descriptor.withLock { $0 = descriptor }
    }

    deinit { close() }

    /// Reads the next bytes into `buffer`; 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try descriptor.withLock { fd in
            guard fd >= 0 else { return 0 }
            while true {
                let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
                if count >= 0 { return count }
                if errno != EINTR { throw ImageFileError("read image data: \(ImageFileStore.describe(errno))") }
            }
        }
    }

    /// Closes the file (idempotent).
    func close() {
        descriptor.withLock { fd in
            if fd >= 0 { Glibc.close(fd) }
            fd = -1
        }
    }
}

/// A request body a handler reads as it arrives, chunk by chunk, instead of the collected JSON
/// body: an image upload of any size passes through in buffers of the transport's size.
public struct RequestBodyStream: Sendable {
    private let chunks: @Sendable (_ consume: (UnsafeRawBufferPointer) throws -> Void) async throws -> Void

    /// A stream whose `chunks` calls its argument with each chunk in order, and throws when the
    /// body ends abnormally (the client went away before sending all it announced).
    public init(_ chunks: @escaping @Sendable (_ consume: (UnsafeRawBufferPointer) throws -> Void) async throws -> Void) {
        self.chunks = chunks
    }

    /// A stream of the given chunks (tests and in-process callers).
    public static func of(_ parts: [[UInt8]]) -> RequestBodyStream {
        RequestBodyStream { consume in
            for part in parts { try part.withUnsafeBytes(consume) }
        }
    }

    /// Calls `consume` with each chunk as it arrives; the bytes are only valid during the call.
    /// Throws the transport's error when the body ends abnormally, or `consume`'s.
    public func forEachChunk(_ consume: (UnsafeRawBufferPointer) throws -> Void) async throws {
        try await chunks(consume)
    }
}

/// Bytes a response streams from, read in order by the responder (an image file).
public protocol ByteSource: Sendable {
    /// How many bytes the source yields in all (the `Content-Length`).
    var length: Int64 { get }
    /// Fills the start of `buffer` with the next bytes; returns how many, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// Releases the source; called once the response is written or abandoned.
    func close()
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Entering a namespace from Swift: `setns(2)` on a dedicated thread, never on a pool thread.
extension NetworkNamespace {
    /// Runs `body` on a new dedicated thread inside this namespace and returns its result.
    public func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await Self.onDedicatedThread { try self.inside(body) }
    }

    /// Runs `body` on a new thread made for it (sockets made there keep their namespace after
    /// the thread leaves it); the caller suspends until it returns.
    public static func onDedicatedThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Runs `body` with the calling thread inside this namespace, then moves the thread back.
    ///
    /// Call it only on a thread of `onDedicatedThread`: a pool thread must never change namespace.
    public func inside<T>(_ body: () throws -> T) throws -> T {
        let original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        guard original >= 0 else { throw NetnsError("open /proc/thread-self/ns/net: \(Self.errorText())") }
        defer { close(original) }
        let target = open(path, O_RDONLY | O_CLOEXEC)
        guard target >= 0 else { throw NetnsError("open \(path): \(Self.errorText())") }
        defer { close(target) }
        guard Self.setns(target) == 0 else { throw NetnsError("setns \(name): \(Self.errorText())") }
        let result = Result { try body() }
        guard Self.setns(original) == 0 else {
            throw NetnsError("cannot return the thread from \(name): \(Self.errorText())")
        }
        return try result.get()
    }

    /// `setns(fd, CLONE_NEWNET)`; Glibc's Swift module does not import it, so it is found by name.
    private static func setns(_ fd: Int32) -> Int32 {
        typealias SetNS = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "setns") else { return -1 }
        return unsafeBitCast(symbol, to: SetNS.self)(fd, 0x4000_0000 /* CLONE_NEWNET */)
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}

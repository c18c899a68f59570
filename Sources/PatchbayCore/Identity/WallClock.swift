import Synchronization

/// A source of the current time in Unix seconds, injected so tests control time.
public protocol WallClock: Sendable {
    /// Seconds since the Unix epoch.
    func now() -> Int64
}

/// A clock tests set and advance by hand.
public final class ManualClock: WallClock {
    private let current: Mutex<Int64>

    /// A clock reading `start`.
    public init(start: Int64 = 1_800_000_000) { current = Mutex(start) }

    /// The current reading.
    public func now() -> Int64 { current.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(by seconds: Int64) { current.withLock { $0 += seconds } }
}

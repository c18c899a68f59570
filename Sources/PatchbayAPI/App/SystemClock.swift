import Foundation
import PatchbayCore

/// The real wall clock.
public struct SystemClock: WallClock {
    /// Creates the clock.
    public init() {}
    /// Seconds since the Unix epoch, now.
    public func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}

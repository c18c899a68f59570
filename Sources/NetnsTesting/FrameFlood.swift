import Foundation

/// Sends a fixed set of frames over and over from a dedicated thread until stopped.
///
/// A thread, not a task: a test that blocks the cooperative pool (draining a capture, booting a
/// guest) must not starve the flood it is watching for.
public final class FrameFlood: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false

    /// Starts sending `frames` through `sender`, one round every `interval`.
    public init(sender: FrameSender, frames: [[UInt8]], interval: Duration = .milliseconds(5)) {
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let thread = Thread { [self] in
            while !isStopped {
                for frame in frames { try? sender.send(frame) }
                Thread.sleep(forTimeInterval: seconds)
            }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "frame-flood"
        thread.start()
    }

    private var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    /// Stops the flood and waits until its thread has sent its last frame. Idempotent.
    public func stop() {
        condition.lock()
        stopped = true
        while !finished { condition.wait() }
        condition.unlock()
    }
}

import Synchronization

/// A value a `@Sendable` closure sets and its caller reads afterwards (e.g. the inventory entry a
/// transaction committed, to store in the cache once the transaction has ended).
final class LockedBox<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    /// Creates a box holding `initial`.
    init(_ initial: Value) { value = Mutex(initial) }

    /// Replaces the value.
    func set(_ new: Value) { value.withLock { $0 = new } }

    /// The value.
    func get() -> Value { value.withLock { $0 } }
}

/// A failure of the namespace test helpers: a command or system call that did not work.
public struct NetnsError: Error, CustomStringConvertible, Sendable {
    /// What failed and why.
    public var description: String

    /// Creates an error with its message.
    public init(_ description: String) {
        self.description = description
    }
}

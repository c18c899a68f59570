/// One iproute2 command line the L2 seam runs: the tool and its arguments (without `-n NS`).
public struct HostCommand: Hashable, Sendable, CustomStringConvertible {
    /// The iproute2 tools the L2 seam uses.
    public enum Tool: String, Hashable, Sendable {
        /// `ip`: links.
        case ip
        /// `bridge`: forwarding database entries.
        case bridge
        /// `tc`: the clsact qdisc and the access-port filters.
        case tc
    }

    /// Which tool runs.
    public var tool: Tool
    /// Its arguments.
    public var arguments: [String]

    /// Creates a command.
    public init(_ tool: Tool, _ arguments: [String]) {
        self.tool = tool
        self.arguments = arguments
    }

    /// The command line, e.g. `ip link set dev tap1 up`.
    public var description: String { ([tool.rawValue] + arguments).joined(separator: " ") }
}

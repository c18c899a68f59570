/// One NUMA cell of a host as the scheduler sees it: its node id and, when the platform reports
/// it, the CPU socket it belongs to (the `socket` PCI NUMA policy needs that).
public struct NUMACell: Sendable, Hashable, Codable {
    /// The NUMA node id, as devices report it in `numa_node`.
    public var id: Int
    /// The socket that holds this cell; nil when the host did not report one.
    public var socket: Int?

    /// Creates a cell.
    public init(id: Int, socket: Int? = nil) {
        self.id = id
        self.socket = socket
    }
}

import Hummingbird

/// The per-request context: Hummingbird's core storage plus the address of the connection's
/// peer, taken from the channel (never from a header), which the login throttle counts by.
public struct PatchbayRequestContext: RequestContext {
    /// Hummingbird's own per-request values.
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address (`127.0.0.1`, `::1`), or nil when the transport has none.
    public let sourceAddress: String?

    /// Creates the context for a request arriving on `source.channel`.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sourceAddress = source.channel.remoteAddress?.ipAddress
    }
}

/// What the servers placed on a host hold of its memory and CPUs.
public struct ClaimedResources: Sendable, Hashable {
    /// Memory held, in MB.
    public var ramMB: Int
    /// Virtual CPUs held.
    public var vcpus: Int

    /// Creates a total.
    public init(ramMB: Int = 0, vcpus: Int = 0) {
        self.ramMB = ramMB
        self.vcpus = vcpus
    }

    /// Whether `flavor` still fits on `host` next to what is held.
    public func admits(_ flavor: Flavor, on host: ComputeHost) -> Bool {
        ramMB + flavor.ramMB <= host.memoryMB && vcpus + flavor.vcpus <= host.vcpus
    }
}

/// Why no host could take a server, counted per filter, with PCI sub-reasons. Its message
/// reads, for example: `No valid host: 10000 hosts; not alive or disabled 0; RAM removed 12;
/// VCPU removed 0; PCI removed 9988 (no free VF on physnet2 in 9988, PF/VF conflict in 0);
/// NUMA removed 0`. The sentence is built from the counts only, so it is stable.
public struct NoValidHost: Error, Sendable, Hashable, CustomStringConvertible {
    /// How many hosts were considered.
    public var totalHosts: Int
    /// Hosts removed because they were down or disabled.
    public var notAliveOrDisabled: Int
    /// Hosts removed for lack of RAM.
    public var ramRemoved: Int
    /// Hosts removed for lack of VCPUs.
    public var vcpuRemoved: Int
    /// Hosts removed by the PCI filter (shortfalls plus PF/VF conflicts).
    public var pciRemoved: Int
    /// Per distinct request description, how many hosts lacked free matching devices.
    public var pciShortfalls: [PCIShortfall]
    /// Hosts short only because of the PF/VF exclusion between this server's own requests.
    public var pfVfConflicts: Int
    /// Hosts that fit the PCI requests only by ignoring their NUMA policies.
    public var numaRemoved: Int

    /// Hosts lacking free devices for one kind of request.
    public struct PCIShortfall: Sendable, Hashable {
        /// The request's short description, e.g. `VF on physnet2`.
        public var request: String
        /// How many hosts lacked it.
        public var hosts: Int
    }

    /// The operator-facing sentence.
    public var message: String {
        var text = "No valid host: \(totalHosts) hosts; not alive or disabled \(notAliveOrDisabled); "
            + "RAM removed \(ramRemoved); VCPU removed \(vcpuRemoved); PCI removed \(pciRemoved)"
        if !pciShortfalls.isEmpty {
            let parts = pciShortfalls.map { "no free \($0.request) in \($0.hosts)" } + ["PF/VF conflict in \(pfVfConflicts)"]
            text += " (" + parts.joined(separator: ", ") + ")"
        }
        return text + "; NUMA removed \(numaRemoved)"
    }

    /// The message.
    public var description: String { message }

    /// As a domain error: `scheduler.no_valid_host`, Nova's `NoValidHost`, rendered as a 500 fault.
    public var patchbayError: PatchbayError {
        PatchbayError(code: "scheduler.no_valid_host", type: "NoValidHost", category: .internalError, message: message)
    }

    /// Counts refusals during the scheduler's loop without building any text.
    struct Tally: Sendable {
        var notAliveOrDisabled = 0, ram = 0, vcpu = 0, conflicts = 0, numa = 0
        var noFreeByRequest: [Int]

        init(requestCount: Int) { noFreeByRequest = Array(repeating: 0, count: requestCount) }

        mutating func record(_ refusal: HostRefusal) {
            switch refusal {
            case .notAliveOrDisabled: notAliveOrDisabled += 1
            case .insufficientRAM: ram += 1
            case .insufficientVCPUs: vcpu += 1
            case .noFreeDevice(let index) where noFreeByRequest.indices.contains(index): noFreeByRequest[index] += 1
            case .noFreeDevice: break
            case .pfVfConflict: conflicts += 1
            case .numa: numa += 1
            }
        }
    }

    /// Builds the explanation from a tally; requests with the same description share a count.
    init(totalHosts: Int, tally: Tally, requests: [PCIRequest]) {
        self.totalHosts = totalHosts
        notAliveOrDisabled = tally.notAliveOrDisabled
        ramRemoved = tally.ram
        vcpuRemoved = tally.vcpu
        pfVfConflicts = tally.conflicts
        numaRemoved = tally.numa
        var shortfalls: [PCIShortfall] = []
        for (index, request) in requests.enumerated() {
            let label = request.shortDescription
            if let existing = shortfalls.firstIndex(where: { $0.request == label }) {
                shortfalls[existing].hosts += tally.noFreeByRequest[index]
            } else {
                shortfalls.append(PCIShortfall(request: label, hosts: tally.noFreeByRequest[index]))
            }
        }
        pciShortfalls = shortfalls
        pciRemoved = tally.noFreeByRequest.reduce(0, +) + tally.conflicts
    }
}

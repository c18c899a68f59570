import PatchbayCore

/// The validated identity of one PCI function: what `Discovery` needs beyond the raw facts.
struct FunctionIdentity: Sendable {
    var address: PCIAddress
    var vendorId: String
    var productId: String
    var type: PCIDeviceType
    var numaNode: Int?

    /// A function is either identified or skipped with a reason.
    enum Outcome: Sendable {
        case identified(FunctionIdentity)
        case skipped(SkippedDevice)
    }

    /// Validates the facts, or says why the function is skipped.
    static func parse(_ facts: SysfsDevice) -> Outcome {
        func skip(_ reason: String) -> Outcome {
            .skipped(SkippedDevice(name: facts.name, reason: reason))
        }
        guard let address = PCIAddress(facts.name) else { return skip("'\(facts.name)' is not a PCI address") }
        guard let vendorText = facts.vendor else { return skip("vendor file is missing") }
        guard let vendor = hexID(vendorText) else { return skip("vendor '\(vendorText)' is not a 16-bit hex id") }
        guard let deviceText = facts.device else { return skip("device file is missing") }
        guard let product = hexID(deviceText) else { return skip("device '\(deviceText)' is not a 16-bit hex id") }
        var numaNode: Int?
        if let text = facts.numaNode {
            guard let node = Int(text), node >= -1 else { return skip("numa_node '\(text)' is not a node number") }
            numaNode = node >= 0 ? node : nil
        }
        var totalVFs = 0
        if let text = facts.sriovTotalVFs {
            guard let total = Int(text), total >= 0 else { return skip("sriov_totalvfs '\(text)' is not a count") }
            totalVFs = total
        }
        if let text = facts.sriovNumVFs, Int(text).map({ $0 < 0 }) ?? true {
            return skip("sriov_numvfs '\(text)' is not a count")
        }
        if let parent = facts.physicalFunction, PCIAddress(parent) == nil {
            return skip("physfn link target '\(parent)' is not a PCI address")
        }
        let type: PCIDeviceType = totalVFs > 0 ? .pf : facts.physicalFunction != nil ? .vf : .pci
        return .identified(FunctionIdentity(address: address, vendorId: vendor, productId: product, type: type, numaNode: numaNode))
    }

    /// `0x8086` → `8086`; nil unless exactly four hex digits after an optional `0x`.
    private static func hexID(_ text: String) -> String? {
        let digits = text.lowercased().hasPrefix("0x") ? text.dropFirst(2) : Substring(text)
        guard digits.count == 4, digits.allSatisfy(\.isHexDigit) else { return nil }
        return digits.lowercased()
    }
}

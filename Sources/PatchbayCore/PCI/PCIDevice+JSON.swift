/// The wire form of one device in a host's inventory report, written by the agent and read by
/// the server: `{address, vendor_id, product_id, type, parent_address, numa_node, netdev,
/// pf_mac_address, vf_num, nic_features}` (the last six optional; ``NICFeatures`` for the last).
extension PCIDevice {
    /// The device as an inventory report entry.
    public var inventoryJSON: JSONValue {
        var object: [String: JSONValue] = [
            "address": .string(address.description), "vendor_id": .string(vendorId),
            "product_id": .string(productId), "type": .string(type.rawValue),
        ]
        if let parentAddress { object["parent_address"] = .string(parentAddress.description) }
        if let numaNode { object["numa_node"] = .int(numaNode) }
        if let netdev { object["netdev"] = .string(netdev) }
        if let pfMACAddress { object["pf_mac_address"] = .string(pfMACAddress) }
        if let vfNumber { object["vf_num"] = .int(vfNumber) }
        if let nicFeatures { object["nic_features"] = nicFeatures.json }
        return .object(object)
    }

    /// Reads an inventory report entry; throws `request.invalid_input` saying which field is wrong.
    public init(inventoryJSON item: JSONValue) throws(PatchbayError) {
        guard let addressText = item["address"]?.stringValue, let address = PCIAddress(addressText),
              let vendor = item["vendor_id"]?.stringValue, let product = item["product_id"]?.stringValue,
              let type = item["type"]?.stringValue.flatMap(PCIDeviceType.init(rawValue:))
        else { throw .invalidInput("pci_devices entries need address, vendor_id, product_id and type (type-PCI|type-PF|type-VF)") }
        var parent: PCIAddress?
        if let text = item["parent_address"]?.stringValue {
            guard let parsed = PCIAddress(text) else { throw .invalidInput("'\(text)' is not a PCI address") }
            parent = parsed
        }
        self.init(address: address, vendorId: vendor, productId: product, type: type, parentAddress: parent,
                  numaNode: item["numa_node"]?.intValue, netdev: item["netdev"]?.stringValue,
                  pfMACAddress: item["pf_mac_address"]?.stringValue, vfNumber: item["vf_num"]?.intValue,
                  nicFeatures: try item["nic_features"].map { value throws(PatchbayError) in try NICFeatures(json: value) })
    }
}

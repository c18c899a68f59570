extension AgentInput {
    /// Largest accepted `vcpus` (above Linux's largest NR_CPUS).
    public static let maxVCPUs = 16_384
    /// Largest accepted `memory_mb` (64 TiB).
    public static let maxMemoryMB = 1 << 26
    /// Largest accepted NUMA node or socket number.
    public static let maxNUMANode = 1_023
    /// Most PCI devices one report may carry.
    public static let maxDevices = 65_536

    /// `numa_cells`: a list of `{"id", "socket"}` with unique ids in 0…1023.
    public static func numaCells(_ value: JSONValue?) throws(PatchbayError) -> [NUMACell] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue, items.count <= maxNUMANode + 1 else {
            throw .invalidInput("numa_cells must be a list of at most \(maxNUMANode + 1) cells")
        }
        var cells: [NUMACell] = []
        for (index, item) in items.enumerated() {
            guard item.objectValue != nil else { throw .invalidInput("numa_cells[\(index)] must be an object") }
            let id = try integer(item["id"], field: "numa_cells[\(index)].id", in: 0...maxNUMANode)
            let socket = try optional(item["socket"]) { value throws(PatchbayError) in
                try integer(value, field: "numa_cells[\(index)].socket", in: 0...maxNUMANode)
            }
            guard !cells.contains(where: { $0.id == id }) else { throw .invalidInput("numa_cells[\(index)].id \(id) appears more than once") }
            cells.append(NUMACell(id: id, socket: socket))
        }
        return cells
    }

    /// `pci_devices`: each entry's address, ids, type, parent, NUMA node, netdev, PF MAC and VF
    /// number are checked, and the message names the entry and field that is wrong.
    public static func inventoryDevices(_ value: JSONValue?) throws(PatchbayError) -> [PCIDevice] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue, items.count <= maxDevices else {
            throw .invalidInput("pci_devices must be a list of at most \(maxDevices) devices")
        }
        var devices: [PCIDevice] = []
        devices.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            devices.append(try device(item, field: "pci_devices[\(index)]"))
        }
        return devices
    }

    static func device(_ item: JSONValue, field: String) throws(PatchbayError) -> PCIDevice {
        guard item.objectValue != nil else { throw .invalidInput("\(field) must be an object") }
        let address = try pciAddress(item["address"]?.stringValue, field: "\(field).address")
        let vendor = try hexId(item["vendor_id"]?.stringValue, field: "\(field).vendor_id")
        let product = try hexId(item["product_id"]?.stringValue, field: "\(field).product_id")
        guard let type = item["type"]?.stringValue.flatMap(PCIDeviceType.init(rawValue:)) else {
            throw .invalidInput("\(field).type must be one of type-PCI|type-PF|type-VF")
        }
        let parent = try optional(item["parent_address"]) { value throws(PatchbayError) in
            try pciAddress(value.stringValue, field: "\(field).parent_address")
        }
        let numa = try optional(item["numa_node"]) { value throws(PatchbayError) in
            try integer(value, field: "\(field).numa_node", in: 0...maxNUMANode)
        }
        let netdev = try optional(item["netdev"]) { value throws(PatchbayError) in
            try interfaceName(value.stringValue ?? "", field: "\(field).netdev")
        }
        let mac = try optional(item["pf_mac_address"]) { value throws(PatchbayError) in
            guard let mac = value.stringValue.flatMap(MACAddress.init) else {
                throw .invalidInput("\(field).pf_mac_address must be a MAC address")
            }
            return mac.description
        }
        let vf = try optional(item["vf_num"]) { value throws(PatchbayError) in
            try integer(value, field: "\(field).vf_num", in: 0...65_535)
        }
        let features = try optional(item["nic_features"]) { value throws(PatchbayError) in
            try NICFeatures(json: value, field: "\(field).nic_features")
        }
        return PCIDevice(address: address, vendorId: vendor, productId: product, type: type, parentAddress: parent,
                         numaNode: numa, netdev: netdev, pfMACAddress: mac, vfNumber: vf, nicFeatures: features)
    }

    /// A PCI address (`0000:81:00.0`).
    public static func pciAddress(_ text: String?, field: String) throws(PatchbayError) -> PCIAddress {
        guard let text, let address = PCIAddress(text) else {
            throw .invalidInput("\(field) must be a PCI address (domain:bus:slot.function, e.g. 0000:81:00.0)")
        }
        return address
    }

    static func hexId(_ text: String?, field: String) throws(PatchbayError) -> String {
        guard let text, text.utf8.count == 4, text.utf8.allSatisfy(isHexDigit) else {
            throw .invalidInput("\(field) must be 4 hex digits")
        }
        return text
    }

    static func optional<T>(_ value: JSONValue?, _ check: (JSONValue) throws(PatchbayError) -> T) throws(PatchbayError) -> T? {
        guard let value, !value.isNull else { return nil }
        return try check(value)
    }
}

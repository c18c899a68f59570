/// `binding:vnic_type`: how the guest's NIC is realised on the host. Patchbay supports the four
/// kinds its mechanism drivers can bind.
public enum VnicType: String, Sendable, Codable, CaseIterable, Hashable {
    /// A virtio NIC on a software switch (Linux bridge or macvtap).
    case normal
    /// An SR-IOV virtual function passed through to the guest.
    case direct
    /// An SR-IOV virtual function attached through a macvtap device.
    case macvtap
    /// A whole physical function passed through to the guest.
    case directPhysical = "direct-physical"

    /// Parses the wire string, rejecting every value Patchbay cannot bind.
    ///
    /// Neutron knows more vnic types (baremetal, vdpa, smart-nic, …); Patchbay refuses them at
    /// the API instead of accepting ports that no driver could ever bind.
    /// - Throws: `PatchbayError` with code `port.invalid_vnic_type` (`HTTPBadRequest`, 400), in
    ///   the shape of Neutron's attribute validation errors but naming the accepted values.
    public init(parsing text: String) throws(PatchbayError) {
        guard let value = VnicType(rawValue: text) else {
            let allowed = VnicType.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw PatchbayError.badRequest(
                "Invalid input for binding:vnic_type. Reason: '\(text)' is not in [\(allowed)].", code: "port.invalid_vnic_type")
        }
        self = value
    }
}

/// `binding:vif_type`: what the compute host must plug, as chosen by the mechanism driver.
public enum VifType: String, Sendable, Codable, CaseIterable, Hashable {
    /// No binding has been attempted (no host, or cleared for a rebind).
    case unbound
    /// Every mechanism driver refused the port.
    case bindingFailed = "binding_failed"
    /// An SR-IOV VF on the NIC's embedded switch (vnic direct or macvtap).
    case hwVeb = "hw_veb"
    /// A whole PCI physical function (vnic direct-physical).
    case hostdevPhysical = "hostdev_physical"
    /// A macvtap device on a host interface (vnic normal).
    case macvtap
    /// A tap device on a Linux bridge (vnic normal).
    case bridge
}

import PatchbayCore
import PatchbayHost

/// The I/O seams one host agent drives, each a protocol with a Linux implementation:
/// sysfs (`LinuxSysfs`), VF netlink (`IPCommandNetlink`, or `FakeNIC` where there are no real
/// VFs), the VF journal (`FileVFStateJournal`), links (`IPCommandLinks`) and libvirt
/// (`LibvirtHypervisor`), the record of the agent's own links (`FileOwnedLinkRecord`) and of the
/// reboots it carried out (`FileGuestRebootRecord`).
public struct HostSeams<Netlink: NetlinkVF, Journal: VFStateJournal, Links: HostLinks, Guests: Hypervisor>: Sendable {
    /// Where PCI devices and PF link state are read.
    public var sysfs: any SysfsReader
    /// Where VF settings are read and set.
    public var netlink: Netlink
    /// Where the original VF settings are kept.
    public var journal: Journal
    /// Where bridges, VXLAN devices, taps and macvtaps are read and changed.
    public var links: Links
    /// Where guests are defined and started.
    public var hypervisor: Guests
    /// The record of the links the agent created; nil means the file `owned-links` in `state_dir`.
    public var ownedLinks: (any OwnedLinkRecord)?
    /// The record of the reboots carried out; nil means the file `guest-reboots` in `state_dir`.
    public var rebootRecord: (any GuestRebootRecord)?
    /// Where the tc filters of tap flows are read and changed; nil leaves tap flows alone (they
    /// stay `DOWN`).
    public var mirroring: (any PortMirroring)?

    /// Groups the seams.
    public init(sysfs: any SysfsReader, netlink: Netlink, journal: Journal, links: Links, hypervisor: Guests) {
        self.sysfs = sysfs
        self.netlink = netlink
        self.journal = journal
        self.links = links
        self.hypervisor = hypervisor
    }
}

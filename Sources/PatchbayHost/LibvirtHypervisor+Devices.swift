#if canImport(Glibc)
import Glibc
#endif
import PatchbayCore

/// Reading a domain's XML, rebooting it and hot plugging its devices.
extension LibvirtHypervisor {
    /// Equivalent to: `virsh dumpxml [--inactive] $uuid`.
    public func domainXML(uuid: String, inactive: Bool) throws(PatchbayError) -> String {
        var xml = ""
        try withDomain(uuid, operation: "dumpxml", absentIsDone: false) { (domain, label) throws(PatchbayError) in
            guard let text = library.domainGetXMLDesc(domain, inactive ? LibvirtLibrary.xmlInactive : 0) else {
                throw failure("dumpxml", domain: label)
            }
            defer { free(text) }
            xml = String(cString: text)
        }
        return xml
    }

    /// Equivalent to: `virsh reboot $uuid`.
    public func reboot(uuid: String) throws(PatchbayError) {
        try withDomain(uuid, operation: "reboot", absentIsDone: false) { (domain, label) throws(PatchbayError) in
            if library.domainReboot(domain, 0) < 0 { throw failure("reboot", domain: label) }
        }
    }

    /// Equivalent to: `virsh attach-device $uuid FILE [--live] [--config]`.
    public func attachDevice(uuid: String, xml: String, live: Bool, config: Bool) throws(PatchbayError) {
        try withDomain(uuid, operation: "attach-device", absentIsDone: false) { (domain, label) throws(PatchbayError) in
            if library.domainAttachDeviceFlags(domain, xml, Self.affect(live: live, config: config)) < 0 {
                throw failure("attach-device", domain: label)
            }
        }
    }

    /// Equivalent to: `virsh detach-device $uuid FILE [--live] [--config]`.
    public func detachDevice(uuid: String, xml: String, live: Bool, config: Bool) throws(PatchbayError) {
        try withDomain(uuid, operation: "detach-device", absentIsDone: false) { (domain, label) throws(PatchbayError) in
            if library.domainDetachDeviceFlags(domain, xml, Self.affect(live: live, config: config)) < 0 {
                throw failure("detach-device", domain: label)
            }
        }
    }

    private static func affect(live: Bool, config: Bool) -> UInt32 {
        (live ? LibvirtLibrary.affectLive : 0) | (config ? LibvirtLibrary.affectConfig : 0)
    }
}

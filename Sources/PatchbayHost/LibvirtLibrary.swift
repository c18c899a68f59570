#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The libvirt C functions Patchbay calls, resolved at run time with `dlopen`/`dlsym`, so
/// building needs no libvirt headers and a host without libvirt fails only when it connects.
///
/// Handles (`virConnectPtr`, `virDomainPtr`) are `OpaquePointer`s. The library is never
/// unloaded: libvirt keeps threads and global state that must outlive any one connection.
struct LibvirtLibrary: @unchecked Sendable {
    typealias ConnectOpen = @convention(c) (UnsafePointer<CChar>?) -> OpaquePointer?
    typealias ConnectClose = @convention(c) (OpaquePointer?) -> Int32
    typealias ListAllDomains = @convention(c) (
        OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<OpaquePointer?>?>?, UInt32) -> Int32
    typealias DomainName = @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    typealias DomainUUIDString = @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?) -> Int32
    typealias DomainCall = @convention(c) (OpaquePointer?) -> Int32
    typealias DomainFromString = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?
    typealias DomainGetXMLDesc = @convention(c) (OpaquePointer?, UInt32) -> UnsafeMutablePointer<CChar>?
    typealias DomainDeviceCall = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UInt32) -> Int32
    typealias DomainFlagsCall = @convention(c) (OpaquePointer?, UInt32) -> Int32
    typealias LastErrorMessage = @convention(c) () -> UnsafePointer<CChar>?
    typealias LastErrorCode = @convention(c) () -> Int32
    typealias ErrorHandler = @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Void
    typealias SetErrorFunc = @convention(c) (UnsafeMutableRawPointer?, ErrorHandler?) -> Void

    /// libvirt's `VIR_ERR_NO_DOMAIN`: no domain with that UUID (or name).
    static let noDomainError: Int32 = 42
    /// libvirt's `VIR_DOMAIN_XML_INACTIVE`: the persistent definition, not the running domain.
    static let xmlInactive: UInt32 = 2
    /// libvirt's `VIR_DOMAIN_AFFECT_LIVE` and `VIR_DOMAIN_AFFECT_CONFIG`.
    static let affectLive: UInt32 = 1, affectConfig: UInt32 = 2
    /// libvirt's `VIR_UUID_STRING_BUFLEN`: 36 characters and the terminating NUL.
    static let uuidStringLength = 37

    /// Why the library could not be loaded.
    struct LoadFailure: Error {
        /// dlopen's or dlsym's explanation.
        var reason: String
    }

    let connectOpen: ConnectOpen
    let connectClose: ConnectClose
    let connectIsAlive: ConnectClose
    let listAllDomains: ListAllDomains
    let domainGetName: DomainName
    let domainGetUUIDString: DomainUUIDString
    let domainIsActive: DomainCall
    let domainDefineXML: DomainFromString
    let domainLookupByUUIDString: DomainFromString
    let domainCreate: DomainCall
    let domainDestroy: DomainCall
    let domainUndefine: DomainCall
    let domainFree: DomainCall
    let domainGetXMLDesc: DomainGetXMLDesc
    let domainAttachDeviceFlags: DomainDeviceCall
    let domainDetachDeviceFlags: DomainDeviceCall
    let domainReboot: DomainFlagsCall
    let lastErrorMessage: LastErrorMessage
    let lastErrorCode: LastErrorCode

    /// Loads `path` (e.g. `libvirt.so.0`), resolves every function and silences libvirt's
    /// default error printing to stderr; errors are read with `lastErrorMessage` instead.
    init(path: String) throws(LoadFailure) {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw LoadFailure(reason: dlerror().map { String(cString: $0) } ?? "cannot load \(path)")
        }
        connectOpen = try Self.symbol(handle, "virConnectOpen")
        connectClose = try Self.symbol(handle, "virConnectClose")
        connectIsAlive = try Self.symbol(handle, "virConnectIsAlive")
        listAllDomains = try Self.symbol(handle, "virConnectListAllDomains")
        domainGetName = try Self.symbol(handle, "virDomainGetName")
        domainGetUUIDString = try Self.symbol(handle, "virDomainGetUUIDString")
        domainIsActive = try Self.symbol(handle, "virDomainIsActive")
        domainDefineXML = try Self.symbol(handle, "virDomainDefineXML")
        domainLookupByUUIDString = try Self.symbol(handle, "virDomainLookupByUUIDString")
        domainCreate = try Self.symbol(handle, "virDomainCreate")
        domainDestroy = try Self.symbol(handle, "virDomainDestroy")
        domainUndefine = try Self.symbol(handle, "virDomainUndefine")
        domainFree = try Self.symbol(handle, "virDomainFree")
        domainGetXMLDesc = try Self.symbol(handle, "virDomainGetXMLDesc")
        domainAttachDeviceFlags = try Self.symbol(handle, "virDomainAttachDeviceFlags")
        domainDetachDeviceFlags = try Self.symbol(handle, "virDomainDetachDeviceFlags")
        domainReboot = try Self.symbol(handle, "virDomainReboot")
        lastErrorMessage = try Self.symbol(handle, "virGetLastErrorMessage")
        lastErrorCode = try Self.symbol(handle, "virGetLastErrorCode")
        let setErrorFunc: SetErrorFunc = try Self.symbol(handle, "virSetErrorFunc")
        setErrorFunc(nil, { _, _ in })
    }

    /// libvirt's message for the last failure on this thread, e.g. `XML error: …`.
    func lastError() -> String {
        lastErrorMessage().map { String(cString: $0) } ?? "unknown libvirt error"
    }

    /// Frees the array `virConnectListAllDomains` allocated (its domains are freed one by one first).
    func freeArray(_ array: UnsafeMutablePointer<OpaquePointer?>?) {
        free(array)
    }

    /// The function `name` in `handle`, as the C function type `F`.
    private static func symbol<F>(_ handle: UnsafeMutableRawPointer, _ name: String) throws(LoadFailure) -> F {
        guard let address = dlsym(handle, name) else {
            throw LoadFailure(reason: "libvirt has no function \(name)")
        }
        return unsafeBitCast(address, to: F.self)
    }
}

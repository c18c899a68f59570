/// Binds ports the way ML2 does: drivers in configured order, each trying the network's segments
/// in order; the first acceptable binding wins, and a failure explains every driver's refusal.
public struct BindingEngine: Sendable {
    /// The mechanism drivers, in the order they are tried.
    public let drivers: [any MechanismDriver]

    /// Creates an engine over `drivers`, tried in order.
    public init(drivers: [any MechanismDriver]) {
        self.drivers = drivers
    }

    /// Binds `request`, or explains why no driver could.
    ///
    /// A driver's candidate that contradicts the port's 802.1Qbh profile is treated as that
    /// driver refusing that segment, and the search goes on.
    public func bind(_ request: BindingRequest) -> BindingOutcome {
        let prefix = "no mechanism driver could bind port \(request.portId) on host \(request.host)"
        guard !request.host.isEmpty else { return .failed(reason: "port \(request.portId) has no binding:host_id") }
        guard !drivers.isEmpty else { return .failed(reason: "\(prefix): no mechanism drivers are configured") }
        guard !request.segments.isEmpty else { return .failed(reason: "\(prefix): the network has no segments") }

        var refusals: [String] = []
        for driver in drivers {
            var reasons: [String] = []
            for segment in request.segments {
                switch Self.candidate(from: driver, request: request, segment: segment) {
                case .success(let port): return .bound(port)
                case .failure(let refusal): if !reasons.contains(refusal.reason) { reasons.append(refusal.reason) }
                }
            }
            refusals.append("\(driver.name): \(reasons.joined(separator: ", "))")
        }
        return .failed(reason: "\(prefix): \(refusals.joined(separator: "; "))")
    }

    /// One driver's attempt on one segment, with the profile rule and `bound_drivers` applied.
    static func candidate(from driver: any MechanismDriver, request: BindingRequest,
                          segment: Segment) -> Result<BoundPort, DriverRefusal> {
        let vifType: VifType, status: PortStatus
        var details: [String: JSONValue]
        switch driver.bind(request, segment: segment) {
        case .refused(let reason): return .failure(DriverRefusal(reason))
        case .bound(let boundType, let boundDetails, let initialStatus):
            (vifType, details, status) = (boundType, boundDetails, initialStatus)
        }
        if let profileId = request.effectiveProfileId {
            if let conflict = request.knownProfiles[profileId]?.conflict(with: segment) {
                return .failure(DriverRefusal(conflict))
            }
            details["profileid"] = .string(profileId)
        }
        details["bound_drivers"] = ["0": .string(driver.name)]
        return .success(BoundPort(vifType: vifType, vifDetails: details, segment: segment,
                                  driverName: driver.name, initialStatus: status))
    }
}

extension BindingEngine {
    /// The drivers Patchbay ships, by configuration name, in the order they are listed in errors.
    static let availableDrivers: [any MechanismDriver] = [SriovNicSwitchDriver(), MacvtapDriver(), LinuxBridgeDriver()]

    /// Resolves `[ml2] mechanism_drivers` names to drivers, keeping their order.
    /// - Throws: `PatchbayError` `config.unknown_mechanism_driver` for a name Patchbay does not ship.
    public static func drivers(named names: [String]) throws(PatchbayError) -> [any MechanismDriver] {
        try names.map { (name) throws(PatchbayError) -> any MechanismDriver in
            guard let driver = availableDrivers.first(where: { $0.name == name }) else {
                let known = availableDrivers.map(\.name).joined(separator: ", ")
                throw PatchbayError(code: "config.unknown_mechanism_driver", type: "ConfigError",
                                    category: .internalError,
                                    message: "unknown mechanism driver '\(name)'; known: \(known)")
            }
            return driver
        }
    }
}

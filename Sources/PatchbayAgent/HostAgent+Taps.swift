import PatchbayCore

extension HostAgent {
    /// Programs the tap flows of the desired state once the ports they join are wired here: the
    /// tap-service tunnels, then Patchbay's tc filters (those no flow wants any more are
    /// removed). A flow whose source port is here ends `ACTIVE` once its filters and tunnel are
    /// in place, or `ERROR` with the reason; the monitor's host reports only what it cannot do.
    func convergeTaps(_ desired: HostDesiredState, wired: Set<String>, into result: inout PassResult) {
        guard let mirroring = seams.mirroring else { return }
        let host = desired.host
        let plan = TapPlanner.plan(desired, tunnelIP: config.tunnelingIP)
        var outcomes = plan.flows.filter { $0.value != nil }
        var wanted: Set<String> = []
        for flow in desired.tapFlows {
            let ready = flow.sourceHost == host
                ? plan.flows[flow.id] == .some(nil) && wired.contains(flow.sourcePortId)
                    && (flow.serviceHost != host || wired.contains(flow.servicePortId))
                : plan.flows[flow.id] == nil && wired.contains(flow.servicePortId)
            if ready { wanted.insert(flow.id) }
        }
        let chosen = TapPlanner.plan(desired.keepingTapFlows(wanted), tunnelIP: config.tunnelingIP)
        let tunnels = convergeTapTunnels(chosen.tunnels)
        let wiredDevices = Set(desired.ports.filter { wired.contains($0.id) }.compactMap { TapPlanner.device(of: $0)?.name })
        let devices = plan.devices.intersection(wiredDevices).union(tunnels)
        let rules = chosen.rules.filter { devices.contains($0.device) && Self.target(of: $0).map(devices.contains) != false }
        // Only devices that carry or should carry filters are listed (two `tc` runs each); every
        // device once, at start, so filters a previous run left are found.
        let listed = tapFilteredDevices.map { devices.intersection($0.union(rules.map(\.device))) } ?? devices
        for flow in desired.tapFlows where flow.sourceHost == host && wanted.contains(flow.id) {
            let tunnel = TapTunnelEnd.deviceName(forService: flow.tapServiceId)
            outcomes[flow.id] = flow.serviceHost == host || tunnels.contains(tunnel)
                ? .some(nil) : "the tunnel \(tunnel) to host \(flow.serviceHost) could not be created"
        }
        do {
            let changes = try mirroring.converge(rules, devices: listed)
            tapFilteredDevices = Set(rules.map(\.device))
            if !changes.isEmpty { logger.info("tap filters changed", metadata: ["devices": "\(changes.map(\.device))"]) }
        } catch {
            logger.error("tap filters could not be programmed", metadata: ["error": "\(error.message)"])
            outcomes = outcomes.mapValues { $0 ?? "tc refused the filters: \(error.message)" }
        }
        result.tapFlows = outcomes
    }

    /// Sends the outcomes of tap flows that changed since the last report.
    func reportTaps(_ result: PassResult) async {
        let news = result.tapFlows.filter { sentTapFlows[$0.key] != .some($0.value) }
        guard !news.isEmpty else { return }
        await talk("tap flow report") {
            try await server.reportTapFlows(host: config.host, news)
            sentTapFlows.merge(news) { _, new in new }
        }
    }

    private static func target(of rule: TCRule) -> String? {
        switch rule.action {
        case .mirror(let device, _), .redirect(let device, _): device
        case .drop: nil
        }
    }
}

extension HostDesiredState {
    /// The state with only the named tap flows.
    func keepingTapFlows(_ ids: Set<String>) -> HostDesiredState {
        var copy = self
        copy.tapFlows = tapFlows.filter { ids.contains($0.id) }
        return copy
    }
}

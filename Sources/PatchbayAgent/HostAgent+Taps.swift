import PatchbayCore

extension HostAgent {
    /// Programs the tc filters of the tap flows whose source port is bound here, once the ports
    /// they join are wired, and removes Patchbay's filters no flow wants any more. Each flow this
    /// host answers for ends `ACTIVE` once its filters are in place, or `ERROR` with the reason.
    func convergeTaps(_ desired: HostDesiredState, wired: Set<String>, into result: inout PassResult) {
        guard let mirroring = seams.mirroring else { return }
        let plan = TapPlanner.plan(desired)
        var ready: [String: String?] = [:]
        for flow in desired.tapFlows where plan.flows[flow.id] != nil {
            let problem = plan.flows[flow.id] ?? nil
            // A flow waits (and stays DOWN) until the ports it joins are wired here.
            if problem == nil, !wired.contains(flow.sourcePortId) || !wired.contains(flow.servicePortId) { continue }
            ready[flow.id] = problem
        }
        let wanted = desired.tapFlows.filter { ready[$0.id] == .some(nil) }.map(\.id)
        let rules = TapPlanner.plan(desired.keepingTapFlows(Set(wanted))).rules
        let devices = plan.devices.filter { wiredDevice($0, desired: desired, wired: wired) }
        do {
            let changes = try mirroring.converge(rules.filter { devices.contains($0.device) }, devices: devices)
            if !changes.isEmpty { logger.info("tap filters changed", metadata: ["devices": "\(changes.map(\.device))"]) }
            result.tapFlows = ready
        } catch {
            logger.error("tap filters could not be programmed", metadata: ["error": "\(error.message)"])
            result.tapFlows = ready.mapValues { $0 ?? "tc refused the filters: \(error.message)" }
        }
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

    private func wiredDevice(_ device: String, desired: HostDesiredState, wired: Set<String>) -> Bool {
        desired.ports.contains { wired.contains($0.id) && TapPlanner.device(of: $0)?.name == device }
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

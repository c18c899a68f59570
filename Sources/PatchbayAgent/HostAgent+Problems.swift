import PatchbayCore

extension HostAgent {
    /// The guard over this agent's passes, from `agent.max_teardown` and `--allow-teardown`.
    var teardownGuard: GuestTeardownGuard {
        GuestTeardownGuard(limit: config.maxTeardown, overridden: config.allowTeardown)
    }

    /// Logs a refused pass once per distinct refusal, and the first accepted pass after one.
    func noteRefusal(_ refusal: GuestTeardownRefusal?) {
        guard refusal != lastRefusal else { return }
        if let refusal {
            logger.error("desired state refused; the host is left as it is", metadata: [
                "reason": "\(refusal)", "count": "\(refusal.domains.count)", "domains": "\(refusal.domains.joined(separator: ","))"])
        } else {
            logger.notice("desired state accepted again; converging")
        }
        lastRefusal = refusal
    }

    /// Logs each port problem once, when it first appears or its reason changes.
    func logProblems(_ problems: [String: String]) {
        for (port, reason) in problems.sorted(by: { $0.key < $1.key }) where loggedProblems[port] != reason {
            logger.warning("cannot wire port", metadata: ["port": "\(port)", "reason": "\(reason)"])
        }
        loggedProblems = problems
    }
}

/// A journal that shows the VF executor only the originals of `only` (when given), so VFs
/// outside it are neither restored nor forgotten this pass; saves and forgets pass through.
struct WantedVFJournal<Base: VFStateJournal>: VFStateJournal {
    let base: Base
    let only: Set<VFID>?

    init(base: Base, only: Set<VFID>?) {
        self.base = base
        self.only = only
    }

    func originals() throws(PatchbayError) -> [VFID: VFSettings] {
        let all = try base.originals()
        guard let only else { return all }
        return all.filter { only.contains($0.key) }
    }

    func save(_ settings: VFSettings, for id: VFID) throws(PatchbayError) { try base.save(settings, for: id) }

    func forget(_ id: VFID) throws(PatchbayError) { try base.forget(id) }
}

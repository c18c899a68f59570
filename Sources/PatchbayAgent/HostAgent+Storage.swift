import FailPoints
import PatchbayCore
import PatchbayHost

/// Which wanted guests have their files laid out, and why the others could not.
struct StorageOutcome: Sendable {
    /// Guests (lowercase ids) whose disks and config drive are in place.
    var ready: Set<String> = []
    /// Guests whose files could not be laid out, with the reason (they fail their build).
    var failed: [String: String] = [:]

    /// True when `guest` needs no directory or has its files in place.
    func isReady(_ guest: DesiredGuest) -> Bool {
        guest.storage == nil || ready.contains(guest.uuid.lowercased())
    }
}

extension HostAgent {
    /// Lays out every wanted guest's directory (where its console is logged) and files: the image
    /// fetched into the cache once (streamed from the server, then checked), the root disk and
    /// the config drive. Guests laid out earlier in this run are not looked at again.
    func layOutGuests(_ desired: HostDesiredState) async -> StorageOutcome {
        var outcome = StorageOutcome()
        for guest in desired.guests {
            guard let storage = guest.storage else { continue }
            let id = guest.serverId.lowercased()
            if laidOut.contains(id) {
                outcome.ready.insert(id)
                continue
            }
            do {
                var base: String?
                if let image = storage.image {
                    let server = server
                    base = try await instances.cache.cached(image) { path in
                        try await server.downloadImage(image.id, to: path)
                        await self.noteCacheGrew()
                    }
                }
                try instances.layOut(id, storage: storage, base: base)
                FailPoint.hit("agent.after_layout")
                laidOut.insert(id)
                outcome.ready.insert(id)
            } catch {
                let reason = (error as? PatchbayError)?.message ?? "\(error)"
                logger.error("cannot lay out a guest's files", metadata: ["guest": "\(id)", "error": "\(reason)"])
                outcome.failed[id] = "cannot lay out the guest's disks: \(reason)"
            }
        }
        laidOut.formIntersection(desired.guests.map { $0.serverId.lowercased() })
        return outcome
    }

    /// Removes the directories of guests neither wanted nor defined any more (deleted servers,
    /// and layouts a crash left before their domain was defined), then trims the image cache.
    func removeUnwantedFiles(wanted: Set<String>, defined: Set<String>) {
        for id in instances.instances().subtracting(wanted).subtracting(defined) {
            do {
                try instances.remove(id)
                laidOut.remove(id)
                sentConsoles[id] = nil
                cacheMayNeedTrim = true
                logger.info("guest files removed", metadata: ["guest": "\(id)"])
            } catch {
                logger.warning("cannot remove a guest's files; retried next pass", metadata: ["guest": "\(id)", "error": "\(error)"])
            }
        }
        // The cache can only pass its limit after a fetch, and an image only stops being in use
        // when a guest's files go: between those, a pass reads nothing of it.
        guard cacheMayNeedTrim else { return }
        cacheMayNeedTrim = false
        let evicted = instances.cache.evict(inUse: instances.imagesInUse(), maxBytes: config.imageCacheMaxBytes)
        if !evicted.isEmpty { logger.info("images evicted from the cache", metadata: ["count": "\(evicted.count)"]) }
    }

    /// Records that an image was fetched into the cache, so the next pass trims it.
    func noteCacheGrew() { cacheMayNeedTrim = true }
}

/// Decides, for one pool, whether a PCI NUMA policy allows it and how much it is preferred.
///
/// Ranks: 0 = on one of the instance's nodes, 1 = the policy's first fallback (no NUMA info for
/// legacy/preferred, another node of the same socket for socket), 2 = any other node (preferred
/// only). Lower ranks are used up first; nil means the policy forbids the pool.
public enum NUMAPolicyMatcher {
    /// The highest rank any policy can give.
    public static let worstRank = 2

    /// The rank of a pool on `node` for an instance on `instanceNodes` of `host`, or nil when
    /// `policy` forbids it. With no instance NUMA topology every pool ranks 0.
    public static func rank(ofNode node: Int?, policy: NUMAPolicy, instanceNodes: [Int], host: HostCandidate) -> Int? {
        if instanceNodes.isEmpty { return 0 }
        let affine = node.map { instanceNodes.contains($0) } ?? false
        switch policy {
        case .required:
            return affine ? 0 : nil
        case .legacy:
            if affine { return 0 }
            return node == nil ? 1 : nil
        case .preferred:
            if affine { return 0 }
            return node == nil ? 1 : 2
        case .socket:
            guard let node, socketsKnown(host) else { return nil }
            if affine { return 0 }
            guard let socket = host.socket(ofNode: node) else { return nil }
            for instanceNode in instanceNodes where host.socket(ofNode: instanceNode) == socket { return 1 }
            return nil
        }
    }

    /// True when the host reports cells and every cell has a socket (Nova refuses the socket
    /// policy otherwise).
    static func socketsKnown(_ host: HostCandidate) -> Bool {
        guard !host.numaCells.isEmpty else { return false }
        for cell in host.numaCells where cell.socket == nil { return false }
        return true
    }
}

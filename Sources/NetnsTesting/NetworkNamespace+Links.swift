/// Setup helpers: veth pairs across namespaces, addresses, link state.
extension NetworkNamespace {
    /// Creates a veth pair: `name` here and `peerName` in `peerNamespace`, both up.
    ///
    /// Equivalent to: `ip -n $self link add $name type veth peer name $peerName netns $peer`.
    public func addVeth(_ name: String, peer peerName: String, in peerNamespace: NetworkNamespace) throws {
        try ip("link", "add", name, "type", "veth", "peer", "name", peerName, "netns", peerNamespace.name)
        try setUp(name)
        try peerNamespace.setUp(peerName)
    }

    /// Creates a veth pair with both ends in this namespace, both up.
    public func addVeth(_ name: String, peer peerName: String) throws {
        try ip("link", "add", name, "type", "veth", "peer", "name", peerName)
        try setUp(name)
        try setUp(peerName)
    }

    /// Sets a link up: `ip -n $self link set dev $link up`.
    public func setUp(_ link: String) throws {
        try ip("link", "set", "dev", link, "up")
    }

    /// Adds an address such as `192.0.2.1/24` to a link: `ip -n $self addr add $cidr dev $link`.
    public func addAddress(_ cidr: String, to link: String) throws {
        try ip("addr", "add", cidr, "dev", link)
    }

    /// Creates a plain bridge and sets it up: `ip -n $self link add $name type bridge`.
    public func addBridge(_ name: String) throws {
        try ip("link", "add", name, "type", "bridge")
        try setUp(name)
    }

    /// Enslaves a link to a bridge: `ip -n $self link set dev $link master $bridge`.
    public func enslave(_ link: String, to bridge: String) throws {
        try ip("link", "set", "dev", link, "master", bridge)
    }

    /// Whether a link of that name exists in the namespace.
    public func hasLink(_ link: String) -> Bool {
        (try? ip("link", "show", "dev", link)) != nil
    }
}

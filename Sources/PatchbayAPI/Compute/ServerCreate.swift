import PatchbayCore

/// A parsed `POST /servers` body.
struct ServerCreate: Sendable {
    /// One entry of `networks`: a network to create a port on, or an existing port.
    enum NIC: Sendable, Hashable {
        case network(String)
        case port(String)
    }

    var name: String
    var flavorRef: String
    var imageRef: String
    var nics: [NIC]
    /// Metadata, user data and the config drive choice.
    var guestData = GuestData()
    /// The caller's key pair to put in the guest's config drive.
    var keyName: String?
}

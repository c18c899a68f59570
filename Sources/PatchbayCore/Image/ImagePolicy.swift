/// Glance's default image policy as pure decisions. A caller that may not see an image gets a
/// 404, never a 403; one that sees it but may not change it gets a 403.
public enum ImagePolicy {
    /// Whether `caller` may see `image` (show, download): admins and services see every image,
    /// readers their project's images and every public or community one. A per-host agent
    /// credential sees none by this rule (its own rule asks which servers its host runs).
    public static func canSee(_ caller: Caller, _ image: Image) -> Bool {
        guard caller.host == nil else { return false }
        if caller.isAdmin || caller.isService { return true }
        guard caller.canRead else { return false }
        return image.owner == caller.projectId || image.visibility == .public || image.visibility == .community
    }

    /// Whether a list shows `image` to `caller`: as ``canSee(_:_:)``, except that other projects'
    /// community images are listed only when the list asks for `community` (or `all`).
    public static func isListed(_ caller: Caller, _ image: Image, visibilityFilter: String?) -> Bool {
        guard canSee(caller, image) else { return false }
        guard image.visibility == .community, image.owner != caller.projectId, !caller.isAdmin else { return true }
        return visibilityFilter == "community" || visibilityFilter == "all"
    }

    /// Throws 403 unless `caller` may change, upload to or delete `image` (`action` names the
    /// policy rule): admins, and members of the owning project.
    public static func requireModify(_ caller: Caller, _ image: Image, action: String) throws(PatchbayError) {
        guard caller.isAdmin || (caller.canWrite && caller.projectId == image.owner) else {
            throw .imageActionForbidden(action)
        }
    }

    /// Throws 403 unless `caller` may create an image owned by `owner` with `visibility`: members
    /// in their own project, admins for any; public images only for admins.
    public static func requireCreate(_ caller: Caller, owner: String, visibility: ImageVisibility) throws(PatchbayError) {
        guard caller.isAdmin || caller.canWrite else { throw .imageActionForbidden("add_image") }
        guard caller.isAdmin || owner == caller.projectId else {
            throw .imageForbidden("You are not permitted to create images owned by '\(owner)'", code: "image.foreign_owner")
        }
        try requireVisibility(caller, visibility)
    }

    /// Throws 403 when `caller` may not give an image `visibility` (`public` is for admins).
    public static func requireVisibility(_ caller: Caller, _ visibility: ImageVisibility) throws(PatchbayError) {
        if visibility == .public, !caller.isAdmin { throw .imageActionForbidden("publicize_image") }
    }
}

import PreflightRules

/// The same finding in several roles (a 12 s clip is too long as a source video and as a motion
/// reference) is reported once, naming every role it applies to.
public struct FindingGroup {
    public let finding: Finding
    public var roles: [String]
    /// The finding as it occurs in each role, in the order of `roles`.
    public var members: [Finding]

    public static func group(_ findings: [Finding]) -> [FindingGroup] {
        var groups: [FindingGroup] = []
        var index: [String: Int] = [:]
        for finding in findings {
            let key = "\(finding.rule.id)\u{0}\(finding.message)"
            let role = "\(finding.mode)/\(finding.role)"
            if let at = index[key] {
                groups[at].roles.append(role)
                groups[at].members.append(finding)
            } else {
                index[key] = groups.count
                groups.append(FindingGroup(finding: finding, roles: [role], members: [finding]))
            }
        }
        return groups
    }
}

import Foundation
import Testing
@testable import PreflightMedia
@testable import PreflightRules

/// The rules the fix tests cover, across every built-in profile: one case per distinct rule (same
/// measure, limit and hint are one case, wherever they appear).
struct RuleCase: Sendable, CustomTestStringConvertible {
    let target: RoleTarget
    let rule: Rule
    var testDescription: String { "\(target.profileID) \(target.qualifiedRole) \(rule.id)" }

    static let library = try! ProfileLibrary.builtIn()

    static func all(_ include: (Rule, RoleTarget) -> Bool) -> [RuleCase] {
        var seen = Set<String>()
        var cases: [RuleCase] = []
        for id in library.ids {
            let profile = library.profile(id)!
            for qualified in profile.qualifiedRoles {
                let target = RoleTarget(profile: profile, qualifiedRole: qualified)
                for rule in target.rules where include(rule, target) {
                    let key = "\(target.kind)|\(rule.measure)|\(rule.limit.describe(for: rule.measure))|\(rule.fix ?? "")"
                    if seen.insert(key).inserted { cases.append(RuleCase(target: target, rule: rule)) }
                }
            }
        }
        return cases
    }

    /// Every rule with an ffmpeg command.
    static let hinted = all { rule, _ in rule.fix != nil && rule.severity != .info }

    /// Every rule `preflight fix` says it mends (over a maximum, or not an accepted value).
    static let fixable = all { rule, target in
        guard rule.severity != .info, [.error, .warning].contains(rule.severity) else { return false }
        var record = ProbeRecord(path: target.kind == .image ? "x.jpg" : "x.mp4")
        record.kind = target.kind
        let outcome: Limit.Outcome = rule.limit.max != nil ? .over : rule.limit.min != nil ? .under : .notAllowed
        let mendable: Set<Measure> = [.container, .fileExtension, .extensionMatchesContainer, .codec, .duration, .shortSide, .longSide,
                                      .pixels, .aspectRatio, .resolution, .frameRate, .variableFrameRate, .interlaced, .hasAudio, .fileSize]
        // A resolution rule's answer depends on the picture's shape: the breaking files are 4:3
        // videos and 16:9 images, which a centre crop and a scale bring to an accepted size.
        return mendable.contains(rule.measure)
            && (rule.measure == .resolution
                || FixPlanner.unfixableReason(rule, outcome: outcome, record: record, options: FixOptions(allowCrop: true)) == nil)
    }
}

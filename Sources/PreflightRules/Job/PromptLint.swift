import Foundation

/// Checks of a request's prompt text, from the guide's prompting formulas and the API's limits.
///
/// - Input references: `@ImageN`, `@VideoN`, `@ElementN` (fal) and `<<<image_N>>>`, `<<<video_N>>>`
///   (Kling) must point at inputs that were given; images are counted over every image role,
///   videos over every video role; this manifest format has no elements, so any `@ElementN` is past them.
/// - Preservation clause (edit mode): the prompt should say what stays, as in the guide's "Keep
///   everything else unchanged, modify [X] to [Y]" — phrases like "keep everything else
///   unchanged/the same", "keep the rest", "leave everything else", "preserve", "everything else stays".
/// - Several changes (edit mode): outside the preservation clause, the change verbs (change, replace,
///   swap, modify, turn … into, transform, convert, add, remove, make … into) are counted, with
///   "and"/"also" joining a second change; two or more mean several changes in one generation.
/// - Camera language (video mode): none of the profile's camera words (dolly, tracking, pan, tilt,
///   crane, handheld, static, orbit…) appears.
public enum PromptLint {
    public struct Reference: Equatable, Sendable {
        public var kind: String   // "image", "video", "element"
        public var index: Int
        public var text: String
    }

    public static func references(in prompt: String) -> [Reference] {
        var found: [Reference] = []
        let patterns = [#"@(Image|Video|Element)(\d+)"#, #"<<<(image|video|element)_(\d+)>>>"#]
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { continue }
            let range = NSRange(prompt.startIndex..., in: prompt)
            for match in regex.matches(in: prompt, range: range) {
                guard let kind = Range(match.range(at: 1), in: prompt), let number = Range(match.range(at: 2), in: prompt),
                      let whole = Range(match.range, in: prompt), let index = Int(prompt[number]) else { continue }
                found.append(Reference(kind: prompt[kind].lowercased(), index: index, text: String(prompt[whole])))
            }
        }
        return found
    }

    static let preservationPatterns = [
        #"keep(ing)?\s+(everything|all|the\s+rest)(\s+else)?(\s+\w+){0,3}\s+(unchanged|the\s+same|as\s+(it\s+)?is|intact|identical)"#,
        #"keep\s+the\s+rest"#, #"leave\s+(everything|all|the\s+rest)(\s+else)?"#, #"\bpreserv(e|ing)\b"#,
        #"everything\s+else\s+(stays|remains|unchanged)"#, #"without\s+changing\s+anything\s+else"#,
    ]

    /// The span of the preservation clause, if the prompt has one.
    public static func preservationClause(in prompt: String) -> Range<String.Index>? {
        for pattern in preservationPatterns {
            if let range = prompt.range(of: pattern, options: [.regularExpression, .caseInsensitive]) { return range }
        }
        return nil
    }

    static let changeVerbs = ["change", "changes", "changing", "replace", "replaces", "replacing", "swap", "swaps", "modify",
                              "modifies", "transform", "transforms", "convert", "converts", "turn", "turns", "add", "adds",
                              "remove", "removes", "make", "makes", "recolor", "recolour"]

    /// How many distinct changes an edit prompt asks for (see the type's documentation).
    public static func changeCount(in prompt: String) -> Int {
        var text = prompt.lowercased()
        if let clause = preservationClause(in: text) { text.removeSubrange(clause) }
        let words = text.split { !$0.isLetter && $0 != "'" }.map(String.init)
        return words.filter { changeVerbs.contains($0) }.count
    }

    public static func mentionsCamera(_ prompt: String, words: [String]) -> Bool {
        let text = " " + prompt.lowercased().map { $0.isLetter || $0 == "-" ? $0 : " " }.map(String.init).joined() + " "
        return words.contains { text.contains(" \($0) ") }
    }
}

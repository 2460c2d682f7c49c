import Yams

/// A YAML mapping read key by key, with types checked and every error pointing at its line.
/// `finish()` rejects keys nobody asked for, so a typo in a configuration is an error, not a no-op.
public final class YAMLObject {
    let mapping: Node.Mapping
    let file: String
    let path: String
    private var asked: Set<String> = []

    init(_ node: Node, file: String, path: String) throws {
        guard let mapping = node.mapping else {
            throw ConfigurationError(file: file, line: node.mark?.line, "\(path.isEmpty ? "the document" : "'\(path)'") must be a mapping of keys to values")
        }
        self.mapping = mapping
        self.file = file
        self.path = path
    }

    /// Parses a YAML document whose top level is a mapping.
    public static func parse(_ text: String, file: String) throws -> YAMLObject {
        if let (depth, line) = YAMLNesting.tooDeep(text) {
            throw ConfigurationError(file: file, line: line, "nested \(depth) levels deep or more; "
                + "preflight reads at most \(YAMLNesting.limit) (no configuration, profile or manifest needs more)")
        }
        let node: Node?
        do {
            // The basic resolver: values are typed by the reader that asks for them, and the default
            // resolver compiles a dozen regular expressions at start-up.
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: YAMLObject.line(of: error), "not valid YAML: \(YAMLObject.problem(of: error))")
        }
        guard let node else { throw ConfigurationError(file: file, line: nil, "the file is empty") }
        return try YAMLObject(node, file: file, path: "")
    }

    var line: Int? { mapping.mark?.line }

    private func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func node(_ key: String) -> Node? {
        asked.insert(key)
        return mapping.first { $0.key.string == key }?.value
    }

    func error(_ key: String, _ message: String) -> ConfigurationError {
        let line = mapping.first { $0.key.string == key }.flatMap { $0.value.mark?.line ?? $0.key.mark?.line } ?? self.line
        return ConfigurationError(file: file, line: line, "'\(keyPath(key))' \(message)")
    }

    public var keys: [String] { mapping.compactMap { $0.key.string } }

    func has(_ key: String) -> Bool { mapping.contains { $0.key.string == key } }

    func string(_ key: String) throws -> String? {
        guard let node = node(key), !isNull(node) else { return nil }
        guard let scalar = node.scalar else { throw error(key, "must be a text value") }
        return scalar.string
    }

    func requiredString(_ key: String) throws -> String {
        guard let value = try string(key), !value.isEmpty else { throw error(key, "is required") }
        return value
    }

    func number(_ key: String) throws -> Double? {
        guard let node = node(key), !isNull(node) else { return nil }
        guard let value = node.float ?? node.int.map(Double.init) else { throw error(key, "must be a number") }
        return value
    }

    func integer(_ key: String) throws -> Int? {
        guard let node = node(key), !isNull(node) else { return nil }
        guard let value = node.int else { throw error(key, "must be a whole number") }
        return value
    }

    func bool(_ key: String) throws -> Bool? {
        guard let node = node(key), !isNull(node) else { return nil }
        guard let value = node.bool else { throw error(key, "must be true or false") }
        return value
    }

    /// A scalar kept as written ("24000/1001", "2:5", 10, true), for limits whose type the measure decides.
    func scalarText(_ key: String) throws -> String? {
        guard let node = node(key), !isNull(node) else { return nil }
        guard let scalar = node.scalar else { throw error(key, "must be a single value") }
        return scalar.string
    }

    /// A list of text values; a single value counts as a list of one.
    func stringList(_ key: String) throws -> [String]? {
        guard let node = node(key), !isNull(node) else { return nil }
        if let scalar = node.scalar { return [scalar.string] }
        guard let sequence = node.sequence else { throw error(key, "must be a list") }
        return try sequence.map { item in
            guard let scalar = item.scalar else {
                throw ConfigurationError(file: file, line: item.mark?.line, "'\(keyPath(key))' must hold text values")
            }
            return scalar.string
        }
    }

    func object(_ key: String) throws -> YAMLObject? {
        guard let node = node(key), !isNull(node) else { return nil }
        return try YAMLObject(node, file: file, path: keyPath(key))
    }

    /// A mapping whose keys are names chosen by the author (modes, roles, rule ids), in file order.
    func namedObjects(_ key: String) throws -> [(name: String, object: YAMLObject)] {
        guard let object = try object(key) else { return [] }
        return try object.mapping.map { pair in
            guard let name = pair.key.string else { throw ConfigurationError(file: file, line: pair.key.mark?.line, "keys must be text") }
            object.asked.insert(name)
            return (name, try YAMLObject(pair.value, file: file, path: object.keyPath(name)))
        }
    }

    /// A mapping of author-chosen names to lists of mappings (rule sets).
    func namedObjectLists(_ key: String) throws -> [(name: String, objects: [YAMLObject])] {
        guard let object = try object(key) else { return [] }
        return try object.mapping.map { pair in
            guard let name = pair.key.string else { throw ConfigurationError(file: file, line: pair.key.mark?.line, "keys must be text") }
            object.asked.insert(name)
            guard let sequence = pair.value.sequence else {
                throw ConfigurationError(file: file, line: pair.value.mark?.line, "'\(object.keyPath(name))' must be a list")
            }
            return (name, try sequence.enumerated().map { index, item in
                try YAMLObject(item, file: file, path: "\(object.keyPath(name))[\(index)]")
            })
        }
    }

    /// A mapping of author-chosen names to text values (e.g. glob → role).
    func namedStrings(_ key: String) throws -> [(name: String, value: String, line: Int?)] {
        guard let object = try object(key) else { return [] }
        return try object.mapping.map { pair in
            guard let name = pair.key.string, let value = pair.value.scalar?.string else {
                throw ConfigurationError(file: file, line: pair.key.mark?.line, "'\(object.path)' entries must be text: text")
            }
            object.asked.insert(name)
            return (name, value, pair.key.mark?.line)
        }
    }

    func objectList(_ key: String) throws -> [YAMLObject] {
        guard let node = node(key), !isNull(node) else { return [] }
        guard let sequence = node.sequence else { throw error(key, "must be a list") }
        return try sequence.enumerated().map { index, item in try YAMLObject(item, file: file, path: "\(keyPath(key))[\(index)]") }
    }

    /// Rejects the first key that no reader asked for.
    func finish(allowed extra: Set<String> = []) throws {
        for pair in mapping {
            guard let key = pair.key.string else { continue }
            if !asked.contains(key) && !extra.contains(key) {
                throw ConfigurationError(file: file, line: pair.key.mark?.line, "unknown key '\(keyPath(key))'")
            }
        }
    }

    private func isNull(_ node: Node) -> Bool {
        node.scalar.map { $0.style == .plain && ["", "~", "null", "Null", "NULL"].contains($0.string) } ?? false
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(error)"
        }
    }
}

import PreflightMedia

/// Entry points for the libFuzzer harnesses (see MediaParserFuzzing): profiles, configurations,
/// job manifests and prompt lint on arbitrary text.
public enum RulesParserFuzzing {
    private static let library: ProfileLibrary? = try? ProfileLibrary.builtIn()

    public static func profile(_ text: String) {
        if let object = try? YAMLObject.parse(text, file: "fuzz.yaml") { _ = try? ProfileParser.parse(object) }
    }

    public static func configuration(_ text: String) {
        guard let library, let configuration = try? Configuration.parse(text, file: "/fuzz/.preflight.yml", library: library) else { return }
        _ = configuration.includes("/fuzz/clips/a.mp4")
        _ = configuration.assignedRoles("/fuzz/refs/b.jpg")
    }

    public static func manifest(_ text: String) {
        guard let library, let (manifest, profile) = try? JobManifest.parse(text, file: "/fuzz/job.yml", library: library) else { return }
        let records = manifest.inputs.map { ProbeRecord(path: $0.path) }
        _ = JobEvaluator(profile: profile).evaluate(manifest, records: records)
    }

    public static func prompt(_ text: String) {
        _ = PromptLint.references(in: text)
        _ = PromptLint.changeCount(in: text)
        _ = PromptLint.preservationClause(in: text)
        _ = PromptLint.mentionsCamera(text, words: ["dolly", "pan", "push in"])
    }
}

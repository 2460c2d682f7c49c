import Foundation
import PackagePlugin

/// Compiles the built-in profiles (`Profiles/*.yaml` of the target) into Swift source at build
/// time, so the executable carries them: no resource bundle to lose when the binary is copied.
@main
struct EmbedProfiles: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let folder = URL(fileURLWithPath: target.directory.string).appendingPathComponent("Profiles")
        let profiles = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedProfiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(profiles.count) built-in profiles",
                executable: try context.tool(named: "profile-embedder").url,
                arguments: [output.path] + profiles.map(\.path),
                inputFiles: profiles,
                outputFiles: [output]
            ),
        ]
    }
}

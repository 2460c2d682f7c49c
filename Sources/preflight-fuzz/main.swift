// Fuzz harnesses for preflight's own parsers (FFmpeg is fuzzed by OSS-Fuzz; the code around it is ours).
//
//   preflight-fuzz TARGET [libFuzzer options] [CORPUS…]
//
// Built with `-sanitize=fuzzer` (`make fuzz`), libFuzzer drives TARGET through LLVMFuzzerRunDriver.
// Built normally, it replays the files or folders given, so seed corpora double as regression inputs.
// Targets: jpeg, exif, codec-config, image-header, profile, config, manifest, prompt.
import Foundation
@testable import PreflightMedia
@testable import PreflightRules

let library = try! ProfileLibrary.builtIn()

let targets: [String: (UnsafeRawBufferPointer) -> Void] = [
    "jpeg": { bytes in
        if let header = JPEGHeader.parse(bytes) { _ = JPEGQuality.estimate(header.quantizationTables) }
    },
    "exif": { bytes in
        _ = EXIF.orientation(app1: bytes)
    },
    "codec-config": { bytes in
        _ = CodedPictureFormat.h264(avcC: bytes)?.pixelFormat(containerFullRange: false)
        _ = CodedPictureFormat.hevc(hvcC: bytes)
    },
    "image-header": { bytes in
        let head = Array(bytes.prefix(OpenedFile.headLength))
        _ = ImageDimensions.fromHead(head)
        let signature = ContainerSignature(head: head)
        _ = signature.looksLikeISOMedia
        _ = signature.containerName(formatName: "matroska,webm", majorBrand: nil)
    },
    "profile": { bytes in
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        if let object = try? YAMLObject.parse(text, file: "fuzz.yaml") { _ = try? ProfileParser.parse(object) }
    },
    "config": { bytes in
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        if let configuration = try? Configuration.parse(text, file: "/fuzz/.preflight.yml", library: library) {
            _ = configuration.includes("/fuzz/clips/a.mp4")
            _ = configuration.assignedRoles("/fuzz/refs/b.jpg")
        }
    },
    "manifest": { bytes in
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        if let (manifest, profile) = try? JobManifest.parse(text, file: "/fuzz/job.yml", library: library) {
            let records = manifest.inputs.map { ProbeRecord(path: $0.path) }
            _ = JobEvaluator(profile: profile).evaluate(manifest, records: records)
        }
    },
    "prompt": { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        _ = PromptLint.references(in: text)
        _ = PromptLint.changeCount(in: text)
        _ = PromptLint.preservationClause(in: text)
        _ = PromptLint.mentionsCamera(text, words: ["dolly", "pan", "push in"])
    },
]

nonisolated(unsafe) var selected: (UnsafeRawBufferPointer) -> Void = { _ in }

let testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    selected(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// libFuzzer's usual entry point, kept for its runtime to link against; the driver is given
/// `testOneInput` explicitly.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    testOneInput(data, size)
}

typealias RunDriver = @convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                                      @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

var arguments = CommandLine.arguments
guard arguments.count >= 2, let target = targets[arguments[1]] else {
    FileHandle.standardError.write(Data("usage: preflight-fuzz TARGET [options] [corpus…]; targets: \(targets.keys.sorted().joined(separator: ", "))\n".utf8))
    exit(2)
}
selected = target
arguments.remove(at: 1)

if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") {
    let driver = unsafeBitCast(symbol, to: RunDriver.self)
    var argc = Int32(arguments.count)
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = UnsafeMutablePointer.allocate(capacity: arguments.count + 1)
    for (index, argument) in arguments.enumerated() { argv![index] = strdup(argument) }
    argv![arguments.count] = nil
    exit(driver(&argc, &argv, testOneInput))
}

// Not built for fuzzing: replay every input given (files, or the files in folders).
var count = 0
for path in arguments.dropFirst() where !path.hasPrefix("-") {
    var isFolder: ObjCBool = false
    FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
    let files = isFolder.boolValue ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { "\(path)/\($0)" } : [path]
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        data.withUnsafeBytes { target($0) }
        count += 1
    }
}
print("replayed \(count) inputs")

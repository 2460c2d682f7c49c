// Fuzz harnesses for preflight's own parsers (FFmpeg is fuzzed by OSS-Fuzz; the code around it is ours).
//
//   preflight-fuzz TARGET [libFuzzer options] [CORPUS…]
//
// Built with `-sanitize=fuzzer` (`make fuzz`), libFuzzer drives TARGET through LLVMFuzzerRunDriver.
// Built normally, it replays the files or folders given, so seed corpora double as regression inputs.
// Targets: jpeg, exif, codec-config, image-header, profile, config, manifest, prompt.
import Foundation
import PreflightMedia
import PreflightRules

/// Text harnesses take valid UTF-8 only (the parsers' input is text).
func text(_ body: @escaping (String) -> Void) -> (UnsafeRawBufferPointer) -> Void {
    { bytes in
        guard let string = String(validating: bytes, as: UTF8.self) else { return }
        body(string)
    }
}

let targets: [String: (UnsafeRawBufferPointer) -> Void] = [
    "jpeg": MediaParserFuzzing.jpeg,
    "exif": MediaParserFuzzing.exif,
    "codec-config": MediaParserFuzzing.codecConfiguration,
    "image-header": MediaParserFuzzing.imageHeader,
    "profile": text(RulesParserFuzzing.profile),
    "config": text(RulesParserFuzzing.configuration),
    "manifest": text(RulesParserFuzzing.manifest),
    "prompt": { RulesParserFuzzing.prompt(String(decoding: $0, as: UTF8.self)) },
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

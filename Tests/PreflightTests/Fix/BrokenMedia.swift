import Foundation
@testable import PreflightMedia
@testable import PreflightRules

/// Makes media for the fix tests with the ffmpeg CLI (a test dependency the Makefile installs): a
/// file that passes one role of one profile, and from it a file that breaks exactly one rule.
/// Sizes, durations and rates come from the role's own limits, so every built-in rule is covered
/// without a fixture per rule.
struct RoleTarget: Sendable {
    let profileID: String
    let qualifiedRole: String
    let kind: ProbeRecord.Kind
    let rules: [Rule]

    init(profile: Profile, qualifiedRole: String) {
        let (_, role) = profile.role(qualifiedRole)!
        profileID = profile.id
        self.qualifiedRole = qualifiedRole
        kind = role.kind
        rules = role.rules.filter(\.enabled)
    }

    func bounds(_ measure: Measure) -> (min: Double?, max: Double?) {
        let matching = rules.filter { $0.measure == measure && $0.severity != .info }
        return (matching.compactMap { $0.limit.min?.value }.max(), matching.compactMap { $0.limit.max?.value }.min())
    }

    func allowed(_ measure: Measure) -> [String]? {
        rules.first { $0.measure == measure && $0.limit.allowed != nil && $0.severity != .info }?.limit.allowed
    }

    /// A size every side, pixel and resolution rule of the role accepts.
    var baseSize: (width: Int, height: Int) {
        if let sizes = allowed(.resolution), let first = sizes.first {
            let parts = first.split(separator: "x").compactMap { Int($0) }
            return (parts[0], parts[1])
        }
        var width = kind == .video ? 640.0 : 1280.0, height = kind == .video ? 360.0 : 1280.0
        var factor = 1.0
        if let minimum = bounds(.shortSide).min { factor = max(factor, minimum / min(width, height)) }
        if let minimum = bounds(.longSide).min { factor = max(factor, minimum / max(width, height)) }
        if let minimum = bounds(.pixels).min { factor = max(factor, (minimum / (width * height)).squareRoot() * 1.01) }
        width *= factor
        height *= factor
        return (Self.even(width), Self.even(height))
    }

    var baseDuration: Double {
        let (minimum, maximum) = bounds(.duration)
        return min(maximum ?? 4, max(minimum ?? 4, 4))
    }

    var baseRate: Int {
        let (minimum, maximum) = bounds(.frameRate)
        return Int(min(maximum ?? 30, max(minimum ?? 30, 30)))
    }

    var baseHasAudio: Bool { !rules.contains { $0.measure == .hasAudio && $0.limit.equals == "false" && $0.severity != .info } }

    static func even(_ value: Double) -> Int { Int(value.rounded(.up)) + Int(value.rounded(.up)) % 2 }
}

enum BrokenMedia {
    /// Runs ffmpeg quietly; throws with its output when it fails.
    static func ffmpeg(_ arguments: [String], in folder: String) throws {
        let result = try CommandRunner.runTool(["ffmpeg", "-nostdin", "-v", "error", "-y"] + arguments, workingDirectory: folder)
        if result.status != 0 { throw MediaMakingError(description: "ffmpeg \(arguments.joined(separator: " ")): \(result.stderr)") }
    }

    struct MediaMakingError: Error, CustomStringConvertible { let description: String }

    struct VideoShape {
        var width: Int, height: Int, duration: Double, rate: Int, audio: Bool
        var codec = "libx264", name = "clip.mp4", extraVideoFilters: [String] = [], extraArguments: [String] = []
        var sourceRate: Int? = nil
    }

    static func video(_ shape: VideoShape, in folder: String) throws -> String {
        var arguments = ["-f", "lavfi", "-i", "testsrc2=s=\(shape.width)x\(shape.height):r=\(shape.sourceRate ?? shape.rate):d=\(shape.duration)"]
        if shape.audio { arguments += ["-f", "lavfi", "-i", "sine=f=440:d=\(shape.duration)"] }
        if !shape.extraVideoFilters.isEmpty { arguments += ["-vf", shape.extraVideoFilters.joined(separator: ",")] }
        arguments += ["-c:v", shape.codec, "-pix_fmt", "yuv420p"]
        if shape.codec == "libx264" { arguments += ["-preset", "ultrafast"] }
        if shape.audio { arguments += ["-c:a", "aac"] }
        try ffmpeg(arguments + shape.extraArguments + [shape.name], in: folder)
        return shape.name
    }

    static func image(width: Int, height: Int, name: String, in folder: String) throws -> String {
        try ffmpeg(["-i", Fixtures.image("sharp-1024.jpg"), "-vf", "scale=\(width):\(height):flags=lanczos", "-q:v", "2", name], in: folder)
        return name
    }

    static func base(_ target: RoleTarget, in folder: String) throws -> String {
        let size = target.baseSize
        if target.kind == .image { return try image(width: size.width, height: size.height, name: "base.jpg", in: folder) }
        return try video(VideoShape(width: size.width, height: size.height, duration: target.baseDuration, rate: target.baseRate,
                                    audio: target.baseHasAudio, name: "base.mp4"), in: folder)
    }

    /// A file that breaks `rule` (nil when this generator does not know how: the test then fails).
    static func breaking(_ rule: Rule, _ target: RoleTarget, in folder: String) throws -> String? {
        let size = target.baseSize
        var shape = VideoShape(width: size.width, height: size.height, duration: target.baseDuration, rate: target.baseRate,
                               audio: target.baseHasAudio)
        if target.kind == .image { return try breakingImage(rule, target, size: size, in: folder) }
        switch rule.measure {
        case .container:
            shape.name = (rule.limit.allowed ?? []).contains("matroska") ? "clip.avi" : "clip.mkv"
        case .fileExtension:
            shape.name = "clip.m4v"
        case .extensionMatchesContainer:
            shape.name = "clip.mov.mp4"
            let made = try video(shape, in: folder)
            try FileManager.default.moveItem(atPath: folder + "/" + made, toPath: folder + "/clip-really-mp4.mov")
            return "clip-really-mp4.mov"
        case .codec:
            shape.codec = "mpeg4"
            shape.name = "clip-mpeg4.mp4"
        case .duration:
            guard let maximum = rule.limit.max?.value else { return nil }
            shape.duration = maximum + 2
        case .longSide:
            guard let maximum = rule.limit.max?.value else { return nil }
            shape.width = RoleTarget.even(maximum + 160)
            shape.height = RoleTarget.even(Double(shape.width) * 9 / 16)
        case .shortSide:
            guard let maximum = rule.limit.max?.value else { return nil }
            shape.height = RoleTarget.even(maximum + 120)
            shape.width = min(RoleTarget.even(Double(shape.height) * 16 / 9), target.bounds(.longSide).max.map { Int($0) } ?? .max)
        case .pixels:
            guard let maximum = rule.limit.max?.value else { return nil }
            let factor = (maximum / Double(shape.width * shape.height)).squareRoot() * 1.3
            shape.width = RoleTarget.even(Double(shape.width) * factor)
            shape.height = RoleTarget.even(Double(shape.height) * factor)
        case .resolution:
            shape.width = 1440
            shape.height = 1080
        case .aspectRatio:
            guard let maximum = rule.limit.max?.value else { return nil }
            shape.width = RoleTarget.even(Double(shape.height) * maximum * 1.4)
        case .frameRate:
            if let minimum = rule.limit.min?.value, minimum > 15 { shape.rate = 15 }
            else if let maximum = rule.limit.max?.value { shape.rate = Int(maximum) * 2 } else { return nil }
        case .variableFrameRate:
            // Every fifth frame dropped, timestamps kept: 24 frames a second, unevenly spaced.
            shape.extraVideoFilters = ["select='not(eq(mod(n\\,5)\\,1))'"]
            shape.extraArguments = ["-fps_mode", "vfr"]
            shape.name = "clip-vfr.mp4"
        case .interlaced:
            shape.sourceRate = shape.rate * 2
            shape.extraVideoFilters = ["tinterlace=interleave_top", "setfield=tff"]
            shape.extraArguments = ["-flags", "+ildct+ilme"]
            shape.name = "clip-interlaced.mp4"
        case .hasAudio:
            shape.audio = true
            shape.name = "clip-audio.mp4"
        case .fileSize:
            guard let maximum = rule.limit.max?.value else { return nil }
            let made = try video(shape, in: folder)
            try padMP4(folder + "/" + made, to: Int64(maximum) + 1)
            return made
        default: return nil
        }
        return try video(shape, in: folder)
    }

    static func breakingImage(_ rule: Rule, _ target: RoleTarget, size: (width: Int, height: Int), in folder: String) throws -> String? {
        switch rule.measure {
        case .container:
            let name = (rule.limit.allowed ?? []).contains("bmp") ? "ref.tiff" : "ref.bmp"
            return try image(width: size.width, height: size.height, name: name, in: folder)
        case .fileExtension:
            let made = try image(width: size.width, height: size.height, name: "ref.jpg", in: folder)
            try FileManager.default.moveItem(atPath: folder + "/" + made, toPath: folder + "/ref.jfif")
            return "ref.jfif"
        case .extensionMatchesContainer:
            let made = try image(width: size.width, height: size.height, name: "ref.jpg", in: folder)
            try FileManager.default.moveItem(atPath: folder + "/" + made, toPath: folder + "/ref.png")
            return "ref.png"
        case .fileSize:
            guard let maximum = rule.limit.max?.value else { return nil }
            let made = try image(width: size.width, height: size.height, name: "ref-large.jpg", in: folder)
            // Bytes after the JPEG's end marker, as some editors leave them: decoders ignore them.
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/" + made))
            try handle.truncate(atOffset: UInt64(maximum) + 1)
            try handle.close()
            return made
        case .aspectRatio:
            guard let maximum = rule.limit.max?.value else { return nil }
            return try image(width: RoleTarget.even(Double(size.height) * maximum * 1.3), height: size.height, name: "ref-wide.jpg", in: folder)
        case .longSide:
            guard let maximum = rule.limit.max?.value else { return nil }
            return try image(width: Int(maximum) + 400, height: Int(maximum) + 400, name: "ref-big.jpg", in: folder)
        case .shortSide:
            guard let maximum = rule.limit.max?.value else { return nil }
            return try image(width: Int(maximum) + 400, height: Int(maximum) + 400, name: "ref-big.jpg", in: folder)
        case .pixels:
            guard let maximum = rule.limit.max?.value else { return nil }
            let side = Int(maximum.squareRoot() * 1.2)
            return try image(width: side, height: side, name: "ref-big.jpg", in: folder)
        case .resolution:
            return try image(width: 1920, height: 1080, name: "ref-1080p.jpg", in: folder)
        default: return nil
        }
    }

    /// Grows an MP4 to `size` bytes with a trailing `free` box (players skip it), sparse on disk.
    static func padMP4(_ path: String, to size: Int64) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let current = Int64(try handle.seekToEnd())
        let boxSize = size - current
        precondition(boxSize >= 8 && boxSize < Int64(UInt32.max))
        var header = withUnsafeBytes(of: UInt32(boxSize).bigEndian) { Data($0) }
        header.append(contentsOf: Array("free".utf8))
        try handle.write(contentsOf: header)
        try handle.truncate(atOffset: UInt64(size))
    }
}

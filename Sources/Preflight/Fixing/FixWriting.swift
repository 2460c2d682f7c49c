import Foundation
import PreflightMedia
import PreflightRules
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct FixWriteError: Error, CustomStringConvertible {
    var description: String
}

extension FixRunner {
    /// Writes the plan to a temporary file beside `target`, checks it against `roles`, and renames
    /// it into place when it passes. Returns what the copy still fails (nothing written then).
    func write(_ plan: FixPlan, input: String, record: ProbeRecord, to target: String, roles: [String], force: Bool,
               progress: ((Double) -> Void)?) throws -> [Finding] {
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        // The temporary name keeps the extension: the copy is checked by the name it will have.
        let temporary = ((folder.isEmpty ? "." : folder) as NSString)
            .appendingPathComponent(".preflight-fix-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).\(name)")
        Interruption.register(temporary)
        defer {
            _ = PathBytes.withFileSystemRepresentation(temporary) { unlink($0) }
            Interruption.unregister(temporary)
        }
        var action = plan.action!
        var remaining: [Finding] = []
        // A size limit may take a second try: a lower bit rate or JPEG quality, then a smaller picture.
        for attempt in 0..<5 {
            _ = PathBytes.withFileSystemRepresentation(temporary) { unlink($0) }
            try perform(action, input: input, output: temporary, progress: progress)
            remaining = verify(temporary, reportedAs: target, roles: roles)
            guard !remaining.isEmpty, attempt < 4, let smaller = shrink(action, remaining: remaining, record: record) else { break }
            action = smaller
        }
        guard remaining.isEmpty else { return remaining }
        try place(temporary, at: target, force: force)
        return []
    }

    private func perform(_ action: FixPlan.Action, input: String, output: String, progress: ((Double) -> Void)?) throws {
        switch action {
        case .copy: try copyBytes(from: input, to: output)
        case .video(let rewrite): try MediaRewriter.rewriteVideo(from: input, to: output, plan: rewrite, progress: progress)
        case .image(let rewrite): try MediaRewriter.rewriteImage(from: input, to: output, plan: rewrite)
        }
    }

    /// The copy judged as the file it will become, for exactly the roles the input was fixed for.
    private func verify(_ path: String, reportedAs target: String, roles: [String]) -> [Finding] {
        let record = inspector.inspect(path, reportedPath: target)
        let verdict = Evaluator(profile: profile, strict: options.includeWarnings).evaluate(record, assignedRoles: roles)
        return verdict.findings.filter { $0.severity == .error || (options.includeWarnings && $0.severity == .warning) }
    }

    /// The next try when only a size limit still fails.
    private func shrink(_ action: FixPlan.Action, remaining: [Finding], record: ProbeRecord) -> FixPlan.Action? {
        guard remaining.allSatisfy({ [.fileSize, .encodedSize].contains($0.rule.measure) }) else { return nil }
        switch action {
        case .video(var rewrite):
            guard let cap = rewrite.maxVideoBitRate else { return nil }
            rewrite.maxVideoBitRate = cap * 3 / 4
            return .video(rewrite)
        case .image(var rewrite):
            if rewrite.format == .png {
                rewrite.format = .jpeg
                rewrite.quality = 92
                return .image(rewrite)
            }
            if rewrite.quality > 85 {
                rewrite.quality = 85
                return .image(rewrite)
            }
            let width = rewrite.width ?? record.image?.width ?? 0, height = rewrite.height ?? record.image?.height ?? 0
            guard width > 64, height > 64 else { return nil }
            rewrite.width = width * 3 / 4
            rewrite.height = height * 3 / 4
            return .image(rewrite)
        case .copy: return nil
        }
    }

    private func copyBytes(from input: String, to output: String) throws {
        let source = PathBytes.withFileSystemRepresentation(input) { open($0, O_RDONLY | O_CLOEXEC) }
        guard source >= 0 else { throw FixWriteError(description: "cannot read \(input): \(String(cString: strerror(errno)))") }
        defer { close(source) }
        let destination = PathBytes.withFileSystemRepresentation(output) { open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
        guard destination >= 0 else { throw FixWriteError(description: "cannot create \(output): \(String(cString: strerror(errno)))") }
        defer { close(destination) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw FixWriteError(description: "cannot read \(input): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { posixWrite(destination, $0.baseAddress! + offset, count - offset) }
                if written < 0 && errno == EINTR { continue }
                if written < 0 { throw FixWriteError(description: "cannot write \(output): \(String(cString: strerror(errno)))") }
                offset += written
            }
        }
        if fsync(destination) != 0 { throw FixWriteError(description: "cannot write \(output): \(String(cString: strerror(errno)))") }
    }

    /// Gives the checked copy its name: replacing only with --force; otherwise link(2), which fails
    /// rather than replace a file that appeared meanwhile.
    private func place(_ temporary: String, at target: String, force: Bool) throws {
        let result: Int32 = PathBytes.withFileSystemRepresentation(temporary) { from in
            PathBytes.withFileSystemRepresentation(target) { to in force ? rename(from, to) : link(from, to) }
        }
        if result != 0 {
            let code = errno
            throw FixWriteError(description: code == EEXIST ? "\(target) exists; use --force to replace it"
                                : "cannot write \(target): \(String(cString: strerror(code)))")
        }
    }
}

/// write(2) under one name on Linux and macOS (inside FixRunner, `write` is the method above).
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}

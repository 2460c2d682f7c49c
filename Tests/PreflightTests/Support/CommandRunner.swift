import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one run of the `preflight` executable did: exit status, output and, from
/// `runMeasuringMemory`, its peak memory.
struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String
    let maxResidentKiB: Int

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
    }
}

/// Runs the built `preflight` executable as a user would.
enum CommandRunner {
    static var executable: String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("preflight").path,
            Fixtures.root.appendingPathComponent(".build/debug/preflight").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }

    /// Runs preflight and reports its own peak memory. A child spawned from this large test process
    /// would inherit the test's memory high-water mark through vfork/exec, so a small Python
    /// process forks and measures it instead.
    static func runMeasuringMemory(_ arguments: [String]) throws -> CommandResult {
        let wrapper = """
            import os, sys
            pid = os.fork()
            if pid == 0:
                os.execv(sys.argv[1], sys.argv[1:])
            _, status, usage = os.wait4(pid, 0)
            sys.stderr.write("\\npreflight-maxrss=%d\\n" % usage.ru_maxrss)
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        let result = try run(["-c", wrapper, executable] + arguments, program: "python3")
        let marker = result.stderr.range(of: "preflight-maxrss=", options: .backwards)
        let value = marker.flatMap { Int(result.stderr[$0.upperBound...].prefix { $0.isNumber }) } ?? Int.max
        return CommandResult(status: result.status, stdout: result.stdout, stderr: result.stderr, maxResidentKiB: value)
    }

    /// Runs another program (git, python3) the same way.
    static func runTool(_ arguments: [String], workingDirectory: String? = nil) throws -> CommandResult {
        try run(Array(arguments.dropFirst()), prefix: [], workingDirectory: workingDirectory, program: arguments[0])
    }

    /// - Parameters:
    ///   - prefix: runs the command through another, e.g. `setpriv` to drop privileges.
    static func run(_ arguments: [String], environment: [String: String] = [:], prefix: [String] = [],
                    workingDirectory: String? = nil, program: String? = nil) throws -> CommandResult {
        let folder = try TemporaryFolder()
        chmod(folder.path, 0o777)  // writable for a child running with dropped privileges
        let outPath = folder.url.appendingPathComponent("stdout").path
        let errPath = folder.url.appendingPathComponent("stderr").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        let changeDirectory = workingDirectory.map { ["/usr/bin/env", "-C", $0] } ?? []
        let argv = changeDirectory + prefix + [program ?? executable] + arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = env["NO_COLOR"] ?? "1"
        for (key, value) in environment { env[key] = value }
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }

        var pid: pid_t = 0
        var spawned: Int32 = 0
        // An executable a test has just written may still be open for writing in a child that
        // another test spawned in between (a descriptor inherited across fork): "Text file busy"
        // lasts until that child execs. Tests write executables with O_CLOEXEC (writeExecutable);
        // the retry covers the instant between fork and exec.
        for attempt in 0..<50 {
            spawned = argv[0].hasPrefix("/")
                ? posix_spawn(&pid, argv[0], &actions, nil, cArguments, cEnvironment)
                : posix_spawnp(&pid, argv[0], &actions, nil, cArguments, cEnvironment)
            guard spawned == ETXTBSY, attempt < 49 else { break }
            usleep(20_000)
        }
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return CommandResult(status: exitStatus,
                             stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
                             maxResidentKiB: Int(usage.ru_maxrss))
    }
}

/// Writes an executable through a descriptor opened with O_CLOEXEC: tests run in parallel and
/// spawn processes, and a child that inherited a write descriptor to the file makes executing it
/// fail with "Text file busy" (Data.write and FileManager.copyItem leave theirs inheritable).
func writeExecutable(_ bytes: Data, to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
    guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { close(descriptor) }
    try bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            offset += written
        }
    }
    fchmod(descriptor, 0o755)
}

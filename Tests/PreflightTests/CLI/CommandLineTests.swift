import Foundation
import Testing

/// The executable as users and scripts meet it: reports, exit codes, errors.
@Suite struct CommandLineTests {
    static func files(_ result: CommandResult) -> [String: [String: Any]] {
        let list = (result.json?["files"] as? [[String: Any]]) ?? []
        return Dictionary(uniqueKeysWithValues: list.map { (($0["path"] as! String).split(separator: "/").last.map(String.init)!, $0) })
    }

    @Test func probeJSONKeepsTheContractKeys() throws {
        let result = try CommandRunner.run(["probe", "--format", "json", Fixtures.video("phone-portrait.mp4")])
        #expect(result.status == 0)
        let file = try #require(Self.files(result)["phone-portrait.mp4"])
        for key in ["path", "error", "kind", "container", "sizeBytes", "durationSeconds", "video", "audio"] {
            #expect(file.keys.contains(key), "missing \(key)")
        }
        #expect(file["error"] is NSNull)
        let video = try #require(file["video"] as? [String: Any])
        for key in ["codec", "profile", "pixelFormat", "bitDepth", "width", "height", "codedWidth", "codedHeight", "rotation", "mirrored",
                    "sampleAspectRatio", "frameRate", "frameRateValue", "frameCount", "variableFrameRate", "fieldOrder", "bitRate"] {
            #expect(video.keys.contains(key), "missing video.\(key)")
        }
        #expect(video["width"] as? Int == 720)
        #expect(video["height"] as? Int == 1280)
        #expect(video["rotation"] as? Int == 90)
        #expect(video["frameRate"] as? String == "30/1")
        #expect(file["container"] as? String == "mp4")
    }

    @Test func probeReportsBadFilesAndStillProbesTheRest() throws {
        let result = try CommandRunner.run(["probe", "--format", "json", "/nonexistent.mp4", Fixtures.video("not-a-video.mp4"),
                                            Fixtures.video("clip-quicktime.mov")])
        #expect(result.status == 1)
        let files = Self.files(result)
        #expect((files["nonexistent.mp4"]?["error"] as? [String: Any])?["code"] as? String == "not-found")
        #expect((files["not-a-video.mp4"]?["error"] as? [String: Any])?["code"] as? String == "unrecognized")
        #expect(files["clip-quicktime.mov"]?["error"] is NSNull)
        #expect(!result.stderr.contains("moov atom"), "FFmpeg's log must not reach the terminal")
        #expect(!result.stdout.contains("\u{1B}["), "no colour when not a terminal")
    }

    @Test func probeJSONIsDeterministicWhateverTheParallelism() throws {
        let one = try CommandRunner.run(["probe", "--format", "json", "--jobs", "1", Fixtures.video("")])
        let many = try CommandRunner.run(["probe", "--format", "json", "--jobs", "8", Fixtures.video("")])
        #expect(one.stdout == many.stdout)
        #expect(one.stdout.count > 1000)
    }

    @Test func checkGivesPerModeVerdictsAndExitCodes() throws {
        let result = try CommandRunner.run(["check", "--format", "json", Fixtures.video("")])
        #expect(result.status == 1)
        let files = Self.files(result)
        func status(_ name: String) -> String? { files[name]?["status"] as? String }
        #expect(status("clip-h264-aac.mp4") == "pass")
        #expect(status("clip-quicktime.mov") == "pass")
        #expect(status("rotated-portrait.mp4") == "pass")
        #expect(status("phone-portrait.mp4") == "pass")
        #expect(status("wuxga-1200p.mp4") == "warn")
        #expect(status("ntsc-film.mp4") == "fail", "23.976 fps is under fal's 24.0")
        #expect(status("too-long-12s.mp4") == "fail")
        #expect(status("clip-matroska.mkv") == "fail")
        #expect(status("not-a-video.mp4") == "fail")
        let long = try #require(files["too-long-12s.mp4"])
        let verdicts = try #require(long["verdicts"] as? [[String: Any]])
        #expect(verdicts.map { "\($0["mode"]!)/\($0["role"]!)=\($0["status"]!)" } == ["edit/source-video=fail", "edit/motion-reference=fail"])
        let findings = try #require(long["findings"] as? [[String: Any]])
        let duration = try #require(findings.first { $0["rule"] as? String == "video.duration" })
        #expect(duration["actual"] as? Double == 12.0)
        #expect(duration["severity"] as? String == "error")
        #expect(duration["limit"] as? String == "3 s – 10 s")
        #expect((duration["source"] as? String)?.contains("Kling O1 guide") == true)
        // A command and nothing else: preflight's own first, the ffmpeg command as the alternative.
        #expect((duration["fix"] as? String)?.hasPrefix("preflight fix --profile kling-o1 --role edit/source-video ") == true)
        #expect((duration["alternative"] as? String)?.hasPrefix("ffmpeg -i ") == true)
        let summary = try #require(result.json?["summary"] as? [String: Int])
        let media = try FileManager.default.contentsOfDirectory(atPath: Fixtures.video("")).filter { !$0.hasSuffix(".json") }
        #expect(summary["files"] == media.count)
        #expect(summary["passed"]! + summary["warned"]! + summary["failed"]! == media.count)
    }

    @Test func checkExitsZeroWhenOnlyWarningsAndOneWithStrict() throws {
        let warned = try CommandRunner.run(["check", Fixtures.video("wuxga-1200p.mp4")])
        #expect(warned.status == 0)
        #expect(warned.stdout.contains("WARN"))
        #expect(warned.stdout.contains("video.output-resolution"))
        let strict = try CommandRunner.run(["check", "--strict", Fixtures.video("wuxga-1200p.mp4")])
        #expect(strict.status == 1)
    }

    @Test func roleAssignmentIsEnforced() throws {
        let free = try CommandRunner.run(["check", Fixtures.image("small-900.jpg")])
        #expect(free.status == 0, "a 900 px image can still be a start frame")
        let assigned = try CommandRunner.run(["check", "--role", "video/reference-image", Fixtures.image("small-900.jpg")])
        #expect(assigned.status == 1)
        #expect(assigned.stdout.contains("image.min-side"))
    }

    @Test func usageAndConfigurationErrorsExitTwo() throws {
        #expect(try CommandRunner.run(["check", "--no-such-flag"]).status == 2)
        #expect(try CommandRunner.run(["frobnicate"]).status == 2)
        #expect(try CommandRunner.run(["probe"]).status == 2)
        #expect(try CommandRunner.run(["probe", "--jobs", "0", "x"]).status == 2)
        let profile = try CommandRunner.run(["check", "--profile", "nope", Fixtures.video("clip-h264-aac.mp4")])
        #expect(profile.status == 2)
        #expect(profile.stderr.contains("unknown profile 'nope'"))
        let role = try CommandRunner.run(["check", "--role", "edit/nothing", Fixtures.video("clip-h264-aac.mp4")])
        #expect(role.status == 2)

        let folder = try TemporaryFolder()
        let config = try folder.write("bad.yml", Data("profile: kling-o1\nrules:\n  video.duration: {max: ten}\n".utf8))
        let bad = try CommandRunner.run(["check", "--config", config, Fixtures.video("clip-h264-aac.mp4")])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.yml:3: 'rules.video.duration.max' must be a number"))
        #expect(bad.stdout.isEmpty)
    }

    /// An audio-only MP4 is readable, but no Kling O1 role takes audio: the failure must carry its
    /// reason in every format, or a CI log, a JUnit tab and code scanning show a FAIL with nothing to fix.
    @Test func aFileNoRoleTakesFailsWithAFindingInEveryFormat() throws {
        let folder = try TemporaryFolder()
        try BrokenMedia.ffmpeg(["-f", "lavfi", "-i", "sine=f=440:d=2", "-c:a", "aac", "voice.mp4"], in: folder.path)
        let path = folder.url.appendingPathComponent("voice.mp4").path
        let json = try CommandRunner.run(["check", "--format", "json", path])
        #expect(json.status == 1)
        let file = try #require(Self.files(json)["voice.mp4"])
        #expect(file["kind"] as? String == "audio")
        #expect(file["status"] as? String == "fail")
        let finding = try #require((file["findings"] as? [[String: Any]])?.first)
        #expect(finding["rule"] as? String == "file.kind")
        #expect(finding["actual"] as? String == "audio")
        #expect(finding["limit"] as? String == "one of video, image")
        #expect((finding["message"] as? String)?.hasPrefix("an audio file with no video stream (aac, 2.0") == true)
        let text = try CommandRunner.run(["check", path])
        #expect(text.status == 1)
        #expect(text.stdout.contains("error file.kind: an audio file with no video stream"))
        let github = try CommandRunner.run(["check", "--format", "github", path])
        #expect(github.stdout.hasPrefix("::error file=\(path),title=preflight%3A file.kind::"))
        let junit = try CommandRunner.run(["check", "--format", "junit", path])
        #expect(junit.stdout.contains("type=\"file.kind\""))
        let sarif = try CommandRunner.run(["check", "--format", "sarif", path])
        let run = try #require((sarif.json?["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String } == ["file.kind"])
        let driver = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = (driver?["rules"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        #expect(rules.contains("file.kind"), "a result's rule is among the driver's rules")
    }

    @Test func configurationFoundInTheWorkingDirectoryAssignsRoles() throws {
        let folder = try TemporaryFolder()
        try folder.write(".preflight.yml", Data("roles:\n  \"refs/*\": video/reference-image\n".utf8))
        try folder.write("refs/small.jpg", try Data(contentsOf: URL(fileURLWithPath: Fixtures.image("small-900.jpg"))))
        let result = try CommandRunner.run(["check", "--format", "json"], workingDirectory: folder.path)
        #expect(result.status == 1)
        let file = try #require(Self.files(result)["small.jpg"])
        #expect(file["rolesAssigned"] as? Bool == true)
        #expect((file["verdicts"] as? [[String: Any]])?.count == 1)
    }

    @Test func initWritesAConfigurationThatLoadsAndRefusesToOverwrite() throws {
        let folder = try TemporaryFolder()
        #expect(try CommandRunner.run(["init"], workingDirectory: folder.path).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.path + "/.preflight.yml"))
        #expect(try CommandRunner.run(["init"], workingDirectory: folder.path).status == 2)
        #expect(try CommandRunner.run(["init", "--force"], workingDirectory: folder.path).status == 0)
        #expect(try CommandRunner.run(["profiles"], workingDirectory: folder.path).status == 0)
    }

    @Test func discoverabilityCommands() throws {
        let profiles = try CommandRunner.run(["profiles"])
        #expect(profiles.status == 0)
        for id in ["kling-o1", "veo-3", "sora-2", "runway-gen4", "hailuo-02"] { #expect(profiles.stdout.contains(id)) }
        let show = try CommandRunner.run(["profiles", "show", "kling-o1"])
        #expect(show.stdout.contains("role edit/source-video (video, 1–1 per request)"))
        #expect(show.stdout.contains("video.duration [error]"))
        let rules = try CommandRunner.run(["rules"])
        #expect(rules.stdout.contains("video.long-side-max [error]"))
        #expect(rules.stdout.contains("source:"))
        let measures = try CommandRunner.run(["rules", "--measures"])
        #expect(measures.stdout.contains("focus-score:"))
        let help = try CommandRunner.run(["check", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit status"))
    }

    @Test func colourOnlyWhenAskedForByATerminal() throws {
        // Not a TTY here, so never colour — even without NO_COLOR.
        let result = try CommandRunner.run(["check", Fixtures.video("too-long-12s.mp4")], environment: ["NO_COLOR": ""])
        #expect(!result.stdout.contains("\u{1B}["))
    }
}

/// Messages name what the user typed, and usage errors show the subcommand they are about.
@Suite struct MessageTests {
    @Test func anUnknownProfileArgumentIsNotCalledAnOption() throws {
        let result = try CommandRunner.run(["profiles", "show", "nosuch"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("preflight: unknown profile 'nosuch'"), "\(result.stderr)")
        #expect(!result.stderr.contains("--profile"))
        let option = try CommandRunner.run(["check", "--profile", "nosuch", Fixtures.video("clip-h264-aac.mp4")])
        #expect(option.stderr.contains("--profile: unknown profile 'nosuch'"))
    }

    @Test func anUnknownRoleShowsTheCheckUsage() throws {
        let result = try CommandRunner.run(["check", "--role", "nosuch/role", Fixtures.video("clip-h264-aac.mp4")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Unknown role 'nosuch/role'"))
        #expect(result.stderr.contains("Usage: preflight check "), "\(result.stderr)")
        #expect(!result.stderr.contains("preflight <subcommand>"))
    }

    @Test func versionNamesTheBuildAndFFmpeg() throws {
        let result = try CommandRunner.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("0.1.0"))
        #expect(result.stdout.range(of: "build-id: [0-9a-f]{16,}", options: .regularExpression) != nil, "\(result.stdout)")
        #expect(result.stdout.contains("libavformat "))
        // The commit the tested build came from: this checkout's HEAD (or "unknown" without git).
        let head = try CommandRunner.runTool(["git", "-C", Fixtures.root.path, "rev-parse", "HEAD"])
        let expected = head.status == 0 ? head.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : "unknown"
        #expect(result.stdout.contains("commit: \(expected)\n"), "\(result.stdout)")
    }

    @Test func colourFollowsTheFlagAndTheEnvironment() throws {
        let clip = Fixtures.video("too-long-12s.mp4")
        let forced = try CommandRunner.run(["check", "--no-cache", clip], environment: ["NO_COLOR": "", "FORCE_COLOR": "1"])
        #expect(forced.stdout.contains("\u{1B}[31mFAIL"))
        let never = try CommandRunner.run(["check", "--no-cache", "--color", "never", clip], environment: ["NO_COLOR": "", "FORCE_COLOR": "1"])
        #expect(!never.stdout.contains("\u{1B}["))
        let always = try CommandRunner.run(["check", "--no-cache", "--color", "always", clip])
        #expect(always.stdout.contains("\u{1B}[31mFAIL"))
        let plain = try CommandRunner.run(["check", "--no-cache", clip])
        #expect(!plain.stdout.contains("\u{1B}["), "not a terminal, NO_COLOR set by the runner")
    }
}

/// The executable is self-contained: copied alone into an empty folder and run by another user, it
/// still has its profiles (they are compiled in, not a resource bundle beside the build).
@Suite struct SelfContainedBinaryTests {
    @Test func aCopiedBinaryRunsWithNothingBesideIt() throws {
        let folder = try TemporaryFolder()
        chmod(folder.path, 0o755)
        let copy = folder.path + "/preflight"
        try writeExecutable(Data(contentsOf: URL(fileURLWithPath: CommandRunner.executable)), to: copy)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["preflight"])
        let clip = try folder.write("clip.mp4", Data(contentsOf: URL(fileURLWithPath: Fixtures.video("clip-h264-aac.mp4"))))
        chmod(clip, 0o644)
        let other = getuid() == 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        let environment = ["HOME": folder.path, "XDG_CACHE_HOME": folder.path + "/cache"]
        let show = try CommandRunner.run(["profiles", "show", "kling-o1"], environment: environment, prefix: other,
                                         workingDirectory: folder.path, program: copy)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("edit/source-video") || show.stdout.contains("source-video"))
        let check = try CommandRunner.run(["check", "--no-cache", "clip.mp4"], environment: environment, prefix: other,
                                          workingDirectory: folder.path, program: copy)
        #expect(check.status == 0, "\(check.stderr)")
        let job = try CommandRunner.run(["job", "--init", "edit"], environment: environment, prefix: other,
                                        workingDirectory: folder.path, program: copy)
        #expect(job.status == 0, "\(job.stderr)")
        #expect(job.stdout.contains("mode: edit"))
    }
}

/// What the generated shell completions ask the binary: profile ids, and the roles of the profile
/// named on the line.
@Suite struct CompletionTests {
    @Test func profilesAndRolesAreOffered() throws {
        let profiles = try CommandRunner.run(["---completion", "check", "--", "--profile", "3", "0", "preflight", "check", "--profile", ""],
                                             environment: ["SAP_SHELL": "bash"])
        #expect(profiles.stdout.split(separator: "\n").contains("kling-o1"))
        #expect(profiles.stdout.split(separator: "\n").contains("veo-3"))
        let roles = try CommandRunner.run(["---completion", "check", "--", "--role", "5", "0", "preflight", "check", "--profile", "veo-3",
                                           "--role", ""], environment: ["SAP_SHELL": "bash"])
        #expect(roles.stdout.split(separator: "\n").contains("extend/source-video"), "\(roles.stdout)\(roles.stderr)")
        let kling = try CommandRunner.run(["---completion", "check", "--", "--role", "3", "0", "preflight", "check", "--role", ""],
                                          environment: ["SAP_SHELL": "bash"])
        #expect(kling.stdout.split(separator: "\n").contains("edit/source-video"))
        let script = try CommandRunner.run(["--generate-completion-script", "bash"])
        #expect(script.stdout.contains("---completion check -- --role"))
    }
}

/// The catalogue as data: profiles, one profile with its rules, the rules, the measures.
@Suite struct CatalogueJSONTests {
    @Test func profilesAndRulesAsJSON() throws {
        let profiles = try CommandRunner.run(["profiles", "--format", "json"])
        let list = try #require(profiles.json?["profiles"] as? [[String: Any]])
        #expect(list.compactMap { $0["id"] as? String } == ProfileLibraryOrder.expected)
        let sora = try #require(list.first { $0["id"] as? String == "sora-2" })
        #expect((sora["lifecycle"] as? [String: Any])?["status"] as? String == "retired")
        #expect((sora["lifecycle"] as? [String: Any])?["retired"] as? String == "2026-09-24")
        #expect(list.first?["default"] as? Bool == true)
        let show = try CommandRunner.run(["profiles", "show", "kling-o1", "--format", "json"])
        let rules = try #require(show.json?["rules"] as? [[String: Any]])
        let duration = try #require(rules.first { $0["id"] as? String == "video.duration" })
        #expect(duration["limit"] as? String == "3 s – 10 s")
        #expect((duration["roles"] as? [String])?.contains("edit/source-video") == true)
        let catalogue = try CommandRunner.run(["rules", "--profile", "veo-3", "--format", "json"])
        #expect(catalogue.json?["profile"] as? String == "veo-3")
        #expect(((catalogue.json?["rules"] as? [[String: Any]])?.count ?? 0) > 0)
        let measures = try CommandRunner.run(["rules", "--measures", "--format", "json"])
        #expect(((measures.json?["measures"] as? [[String: Any]])?.count ?? 0) > 10)
    }
}

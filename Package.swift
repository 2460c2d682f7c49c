// swift-tools-version:6.0
import PackageDescription

// Layers, each a target so the compiler enforces the direction of dependencies:
//   CFFmpeg / CFFmpegShim  – the C boundary (system library + macro/version shim)
//   PreflightMedia         – the only Swift code that sees FFmpeg; exposes plain Swift values
//   PreflightAnalysis      – metrics on decoded pixels (Laplacian variance, focus score)
//   PreflightRules         – profiles as data, rules, verdicts, configuration
//   PreflightReports       – text / JSON renderings of probe and check results
//   Preflight              – orchestration: scanning folders, running files in parallel
//   preflight              – the thin command line
let package = Package(
    name: "preflight",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "preflight", targets: ["preflight"]),
        .library(name: "Preflight", targets: ["Preflight"]),
    ],
    // Versions are pinned to the minor release these machines provide: Package.resolved stays out of
    // git (the machines' package copies carry other commit ids), so two users' builds would
    // otherwise resolve different releases ("from: 1.5.0" resolved to 1.8.2).
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", .upToNextMinor(from: "1.8.2")),
        .package(url: "https://github.com/jpsim/Yams", .upToNextMinor(from: "5.0.1")),
        // SHA-256 for content-addressed cache keys (BoringSSL's assembly on Linux, CryptoKit on
        // macOS): a key no one can make a failing clip share with a passing one.
        .package(url: "https://github.com/apple/swift-crypto", .upToNextMinor(from: "3.12.3")),
    ],
    targets: [
        .systemLibrary(
            name: "CFFmpeg",
            // libavfilter's headers come with libavfilter-dev (the same include folder), but it is not
            // linked: CFFmpegShim loads it on first use (filter_library.c says why).
            pkgConfig: "libavformat libavcodec libavutil libswscale",
            providers: [
                .apt(["libavformat-dev", "libavcodec-dev", "libavfilter-dev", "libavutil-dev", "libswscale-dev", "pkg-config"]),
                .brew(["ffmpeg", "pkg-config"]),
            ]
        ),
        .target(name: "CFFmpegShim", dependencies: ["CFFmpeg"],
                linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "PreflightMedia", dependencies: ["CFFmpeg", "CFFmpegShim"]),
        .target(name: "PreflightAnalysis", dependencies: ["PreflightMedia"]),
        // The built-in profiles are YAML files compiled into the executable at build time
        // (Plugins/EmbedProfiles): a binary copied on its own still has them.
        .target(
            name: "PreflightRules",
            dependencies: ["PreflightMedia", .product(name: "Yams", package: "Yams")],
            exclude: ["Profiles"],
            plugins: ["EmbedProfiles"]
        ),
        .executableTarget(name: "profile-embedder", path: "Sources/profile-embedder"),
        .plugin(name: "EmbedProfiles", capability: .buildTool(), dependencies: ["profile-embedder"]),
        .target(name: "PreflightReports", dependencies: ["PreflightMedia", "PreflightRules"]),
        // Plugins/StampRevision writes the git commit into the build, for `preflight --version`.
        .target(
            name: "Preflight",
            dependencies: ["PreflightMedia", "PreflightAnalysis", "PreflightRules", "PreflightReports",
                           .product(name: "Crypto", package: "swift-crypto")],
            plugins: ["StampRevision"]
        ),
        .executableTarget(name: "revision-stamper", path: "Sources/revision-stamper"),
        .plugin(name: "StampRevision", capability: .buildTool(), dependencies: ["revision-stamper"]),
        .executableTarget(
            name: "preflight",
            dependencies: ["Preflight", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Benchmark helper for `make bench` (scripts/bench.py); not installed.
        .executableTarget(name: "preflight-bench", dependencies: ["PreflightMedia", "PreflightAnalysis"]),
        // libFuzzer harnesses for preflight's own parsers (`make fuzz`); replays corpora otherwise.
        .executableTarget(name: "preflight-fuzz", dependencies: ["PreflightMedia", "PreflightRules"]),
        .testTarget(
            name: "PreflightTests",
            dependencies: ["Preflight", "PreflightMedia", "PreflightAnalysis", "PreflightRules", "PreflightReports"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Measures where the time of an image probe goes: the whole probe (open, decode, analyse) against
// the sharpness kernel alone, timed inside the analyser callback on the decoded plane.
// Used by scripts/bench.py; not installed.
import Dispatch
import PreflightAnalysis
import PreflightMedia

// PREFLIGHT_KERNEL_REPEAT=N runs the kernel N times per picture (reported per run) for steadier numbers.
let repeats = max(1, Int(getenv("PREFLIGHT_KERNEL_REPEAT").map { String(cString: $0) } ?? "1") ?? 1)
let paths = Array(CommandLine.arguments.dropFirst())
var probeNanoseconds: UInt64 = 0
var kernelNanoseconds: UInt64 = 0
var focusNanoseconds: UInt64 = 0
for path in paths {
    let start = DispatchTime.now().uptimeNanoseconds
    var kernel: UInt64 = 0, focus: UInt64 = 0
    let record = MediaProbe.probe(path: path) { plane in
        let kernelStart = DispatchTime.now().uptimeNanoseconds
        var metrics = Sharpness.measure(plane)
        for _ in 1..<repeats { metrics = Sharpness.measure(plane) }
        kernel = (DispatchTime.now().uptimeNanoseconds - kernelStart) / UInt64(repeats)
        // The focus measure's share of the kernel (reduction to 512 px, tiles, noise), alone.
        let focusStart = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<repeats { _ = FocusMeasure.measure(plane) }
        focus = (DispatchTime.now().uptimeNanoseconds - focusStart) / UInt64(repeats)
        return metrics
    }
    probeNanoseconds += DispatchTime.now().uptimeNanoseconds - start
    kernelNanoseconds += kernel
    focusNanoseconds += focus
    if let failure = record.failure { print("error \(path): \(failure)"); exit(1) }
}
let probe = Double(probeNanoseconds - focusNanoseconds) / 1e6, kernel = Double(kernelNanoseconds) / 1e6
let focus = Double(focusNanoseconds) / 1e6
print("{\"files\": \(paths.count), \"probeMilliseconds\": \(probe), \"kernelMilliseconds\": \(kernel), \"focusMilliseconds\": \(focus)}")

#if canImport(Glibc)
import Glibc
#endif

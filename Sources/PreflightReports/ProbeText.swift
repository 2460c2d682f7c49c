import PreflightMedia

/// `preflight probe` for people: one block per file, problems in plain words.
public enum ProbeText {
    public static func block(_ record: ProbeRecord, style: TerminalStyle) -> String {
        var lines = [style.bold(Visible.text(record.path))]
        if let failure = record.failure {
            lines.append("  " + style.red("error (\(failure.code.rawValue)): ") + Visible.text(failure.message))
        }
        var container = [record.container ?? "unknown container"]
        if let size = record.sizeBytes { container.append(Format.bytes(size)) }
        if let duration = record.durationSeconds {
            container.append(Format.seconds(duration) + (record.durationEstimated ? " (estimated)" : "")
                + (record.durationFromPackets ? " (from the packets: the header has none, or disagrees)" : ""))
        }
        if record.kind != nil || record.sizeBytes != nil { lines.append("  " + container.joined(separator: ", ")) }
        if let video = record.video {
            var parts = ["\(video.width)×\(video.height)"]
            if video.rotation != 0 || video.mirrored {
                let turned = video.rotation != 0 ? "rotated \(video.rotation)°" : ""
                let mirror = video.mirrored ? (turned.isEmpty ? "mirrored" : " after a mirror") : ""
                parts.append("stored \(video.codedWidth)×\(video.codedHeight), \(turned)\(mirror)")
            }
            if let sar = video.sampleAspectRatio, sar.numerator != sar.denominator { parts.append("SAR \(sar.ratioDescription)") }
            if let rate = video.frameRate, let value = rate.value {
                parts.append(Format.number(value) + " fps" + (rate.denominator == 1 ? "" : " (\(rate))")
                             + (record.frameRateFromPackets ? " (from presentation times)" : ""))
            }
            if video.variableFrameRate == true { parts.append("variable frame rate") }
            if let frames = video.frameCount { parts.append("\(frames) frames") }
            lines.append("  video: " + [video.codec ?? "unknown codec", video.codecTag.map { "(\($0))" }, video.profile, video.pixelFormat].compactMap { $0 }.joined(separator: " ")
                         + ", " + parts.joined(separator: ", "))
            if let order = video.fieldOrder, order != "progressive" { lines.append("  interlaced (\(order))") }
        }
        for audio in record.audio {
            lines.append("  audio: \(audio.codec), \(audio.channels) ch, \(audio.sampleRate) Hz")
        }
        if let image = record.image {
            var parts = ["\(image.width)×\(image.height)"]
            if image.orientation != 1 { parts.append("EXIF orientation \(image.orientation), stored \(image.codedWidth)×\(image.codedHeight)") }
            if let format = image.pixelFormat { parts.append(format) }
            if image.hasAlpha { parts.append("alpha") }
            if let quality = image.jpegQuality { parts.append("JPEG quality ≈\(quality)") }
            lines.append("  image: \(image.codec), " + parts.joined(separator: ", "))
            if let sharpness = image.laplacianVariance, let focus = image.focusScore {
                lines.append("  sharpness: Laplacian variance \(Format.number(sharpness)), focus score \(Format.number(focus))")
            }
        }
        for message in record.failure == nil ? [] : record.log.prefix(3) { lines.append("  " + style.dim("ffmpeg: " + Visible.text(message))) }
        return lines.joined(separator: "\n")
    }
}

/// Number formats shared by the text reports.
public enum Format {
    public static func bytes(_ count: Int64) -> String {
        if count >= 1_000_000 { return String(format: "%.1f MB", Double(count) / 1_000_000) }
        if count >= 1_000 { return String(format: "%.1f kB", Double(count) / 1_000) }
        return "\(count) B"
    }

    public static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }

    /// Up to three decimals, trailing zeros dropped.
    public static func number(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

import Foundation

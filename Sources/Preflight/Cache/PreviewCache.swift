import Foundation
import PreflightMedia

/// Previews (the HTML report's thumbnails) in the result cache, beside the probe record of the same
/// content: a warm `check --format html` decodes nothing. Same entry layout as records (magic, key,
/// SHA-256 of the body), a binary body: per picture seconds, width, height, length, JPEG bytes.
extension ResultCache {
    public func previewKey(_ recordKey: String) -> String {
        ContentHash.sha256(Data((recordKey + "\u{0}preview 1 \(PreviewMaker.posterSide) \(PreviewMaker.filmstripSide)").utf8))
    }

    func lookupPreview(_ key: String) -> MediaPreview? {
        guard let bytes = FileManager.default.contents(atPath: entryPath(key)),
              let body = Self.body(from: [UInt8](bytes), key: key) else { return nil }
        return Self.decodePreview(Array(body))
    }

    func storePreview(_ preview: MediaPreview, key: String) {
        let path = entryPath(key)
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        AtomicFile.write(Data(Self.entryBytes(key: key, body: Self.encodePreview(preview))), to: path)
    }

    static func encodePreview(_ preview: MediaPreview) -> [UInt8] {
        var out: [UInt8] = []
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        let pictures = (preview.poster.map { [$0] } ?? []) + preview.filmstrip
        put(UInt8(preview.poster == nil ? 0 : 1))
        put(UInt32(pictures.count))
        for picture in pictures {
            put(picture.seconds.bitPattern)
            put(UInt32(picture.width))
            put(UInt32(picture.height))
            put(UInt32(picture.jpeg.count))
            out.append(contentsOf: picture.jpeg)
        }
        return out
    }

    static func decodePreview(_ bytes: [UInt8]) -> MediaPreview? {
        var offset = 0
        func take<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard offset + MemoryLayout<T>.size <= bytes.count else { return nil }
            var value: T = 0
            withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[offset..<offset + MemoryLayout<T>.size]) }
            offset += MemoryLayout<T>.size
            return T(littleEndian: value)
        }
        guard let hasPoster = take(UInt8.self), let count = take(UInt32.self), count <= 64 else { return nil }
        var pictures: [MediaPreview.Picture] = []
        for _ in 0..<count {
            guard let seconds = take(UInt64.self), let width = take(UInt32.self), let height = take(UInt32.self),
                  let length = take(UInt32.self), offset + Int(length) <= bytes.count else { return nil }
            pictures.append(.init(seconds: Double(bitPattern: seconds), width: Int(width), height: Int(height),
                                  jpeg: Array(bytes[offset..<offset + Int(length)])))
            offset += Int(length)
        }
        guard offset == bytes.count else { return nil }
        return hasPoster == 1 ? MediaPreview(poster: pictures.first, filmstrip: Array(pictures.dropFirst()))
            : MediaPreview(poster: nil, filmstrip: pictures)
    }
}

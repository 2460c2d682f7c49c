/// Entry points for the libFuzzer harnesses (`make fuzz`, Sources/preflight-fuzz): each runs one of
/// the bounded byte parsers of this layer on arbitrary bytes. Public so that the harness needs no
/// testable import, which a release build of the package (what pre-commit runs) refuses.
public enum MediaParserFuzzing {
    public static func jpeg(_ bytes: UnsafeRawBufferPointer) {
        if let header = JPEGHeader.parse(bytes) { _ = JPEGQuality.estimate(header.quantizationTables) }
    }

    public static func exif(_ bytes: UnsafeRawBufferPointer) {
        _ = EXIF.orientation(app1: bytes)
    }

    public static func codecConfiguration(_ bytes: UnsafeRawBufferPointer) {
        _ = CodedPictureFormat.h264(avcC: bytes)?.pixelFormat(containerFullRange: false)
        _ = CodedPictureFormat.hevc(hvcC: bytes)
    }

    public static func imageHeader(_ bytes: UnsafeRawBufferPointer) {
        let head = Array(bytes.prefix(OpenedFile.headLength))
        _ = ImageDimensions.fromHead(head)
        let signature = ContainerSignature(head: head)
        _ = signature.looksLikeISOMedia
        _ = signature.containerName(formatName: "matroska,webm", majorBrand: nil)
    }
}

import Foundation
import Testing
import CFFmpeg
@testable import PreflightMedia

/// Thumbnails are scaled with libswscale and turned upright in Swift (no filter graph, no
/// libavfilter loaded for a report): for every EXIF orientation and video rotation they must be the
/// picture libavfilter's transpose/hflip/vflip + area scale gives, pixel for pixel within rounding.
@Suite struct ThumbnailTurnTests {
    /// A picture whose every turn looks different: the 1280×720 test pattern, first frame.
    static func decodedPicture() throws -> Frame {
        let input = try MediaRewriter.openInput(Fixtures.video("clip-h264-aac.mp4"))
        try input.findStreamInfo()
        let index = Int(av_find_best_stream(input.context, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0))
        let decoder = try Decoder(parameters: input.stream(index).pointee.codecpar, maxPixels: 1 << 26)
        return try ImageRewrite.firstPicture(input: input, stream: index, decoder: decoder)
    }

    /// What the libavfilter chain gives for the same turns, size and format.
    static func filtered(_ frame: Frame, turns: [String], width: Int32, height: Int32) throws -> Frame {
        let picture = frame.pointer.pointee
        let chain = try FilterChain(
            sourceFilter: "buffer",
            sourceArguments: "video_size=\(picture.width)x\(picture.height):pix_fmt=\(picture.format):time_base=1/25:pixel_aspect=1/1",
            sinkFilter: "buffersink",
            chain: (["scale=\(width):\(height):flags=area", "format=yuvj420p"] + turns).joined(separator: ","))
        let copy = Frame()
        av_frame_ref(copy.pointer, frame.pointer)
        try chain.push(copy)
        try chain.push(nil)
        let out = Frame()
        #expect(chain.pull(into: out) >= 0)
        return out
    }

    static func meanDifference(_ a: Frame, _ b: Frame, plane: Int) -> Double {
        let (width, height) = plane == 0 ? (Int(a.pointer.pointee.width), Int(a.pointer.pointee.height))
                                         : (Int(a.pointer.pointee.width) / 2, Int(a.pointer.pointee.height) / 2)
        let pa = [a.pointer.pointee.data.0, a.pointer.pointee.data.1, a.pointer.pointee.data.2][plane]!
        let pb = [b.pointer.pointee.data.0, b.pointer.pointee.data.1, b.pointer.pointee.data.2][plane]!
        let sa = Int([a.pointer.pointee.linesize.0, a.pointer.pointee.linesize.1, a.pointer.pointee.linesize.2][plane])
        let sb = Int([b.pointer.pointee.linesize.0, b.pointer.pointee.linesize.1, b.pointer.pointee.linesize.2][plane])
        var total = 0
        for row in 0..<height { for column in 0..<width { total += abs(Int(pa[row * sa + column]) - Int(pb[row * sb + column])) } }
        return Double(total) / Double(width * height)
    }

    static let turnSets: [[String]] = (1...8).map { UprightFilters.orientation($0) } + [90, 180, 270].map { UprightFilters.rotation($0) }

    @Test(arguments: turnSets)
    func turnsMatchLibavfilter(_ turns: [String]) throws {
        let frame = try Self.decodedPicture()
        // 320×180 before turning (a quarter turn shows 180×320).
        let ours = try ThumbnailPicture().make(from: frame, width: 320, height: 180, turns: turns)
        let theirs = try Self.filtered(frame, turns: turns, width: 320, height: 180)
        #expect(ours.pointer.pointee.width == theirs.pointer.pointee.width)
        #expect(ours.pointer.pointee.height == theirs.pointer.pointee.height)
        for plane in 0..<3 {
            // The same area scale: only rounding differs (the test pattern has sharp edges, so a
            // wrong turn or a one-pixel shift gives tens of levels).
            let difference = Self.meanDifference(ours, theirs, plane: plane)
            #expect(difference < 1.5, "\(turns) plane \(plane): mean difference \(difference)")
        }
    }

    @Test func anUnknownTurnIsRefused() throws {
        let frame = try Self.decodedPicture()
        #expect(throws: RewriteError.self) { try ThumbnailPicture().make(from: frame, width: 32, height: 18, turns: ["rotate=1"]) }
    }
}

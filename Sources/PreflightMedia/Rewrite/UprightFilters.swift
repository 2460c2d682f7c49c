/// The filters that put a picture upright, for every rewrite and thumbnail: a video's clockwise
/// rotation flag, an image's EXIF orientation (1–8).
enum UprightFilters {
    /// A video's display matrix: a left–right mirror first when it mirrors, then the turn.
    static func display(rotation clockwise: Int, mirrored: Bool) -> [String] {
        (mirrored ? ["hflip"] : []) + rotation(clockwise)
    }

    static func rotation(_ clockwise: Int) -> [String] {
        switch clockwise {
        case 90: ["transpose=clock"]
        case 180: ["hflip", "vflip"]
        case 270: ["transpose=cclock"]
        default: []
        }
    }

    /// EXIF orientation 6 is "turn 90° clockwise to show"; 5 and 7 add a mirror.
    static func orientation(_ orientation: Int) -> [String] {
        switch orientation {
        case 2: ["hflip"]
        case 3: ["hflip", "vflip"]
        case 4: ["vflip"]
        case 5: ["transpose=cclock_flip"]
        case 6: ["transpose=clock"]
        case 7: ["transpose=clock_flip"]
        case 8: ["transpose=cclock"]
        default: []
        }
    }
}

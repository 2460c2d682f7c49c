import PreflightMedia
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The running executable's GNU build-id: a hash of the linked program that the linker writes into
/// an ELF note (`--build-id`). Any change to the code linked changes it, and reading it costs a few
/// small reads, where hashing a 90 MB executable costs a second on a slow CPU. Read from the file
/// the kernel started (`/proc/self/exe`): its program headers, then its PT_NOTE segments.
enum BuildID {
    static func ofRunningProgram() -> String? {
        #if os(Linux)
        let descriptor = open("/proc/self/exe", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let file = PositionalReader(descriptor: descriptor, size: Int64(info.st_size))
        // 64-bit little-endian ELF only (what Swift builds on Linux); anything else: no build-id.
        guard let header = file.read(at: 0, count: 64), header.count == 64,
              header.starts(with: [0x7F, 0x45, 0x4C, 0x46, 2, 1]) else { return nil }
        let programHeaders = Int64(file.le64(header, 0x20))
        let entrySize = Int(file.le16(header, 0x36)), entries = min(Int(file.le16(header, 0x38)), 256)
        guard entrySize >= 56, let table = file.read(at: programHeaders, count: entrySize * entries),
              table.count == entrySize * entries else { return nil }
        for index in 0..<entries {
            let at = index * entrySize
            guard file.le32(table, at) == 4 else { continue }  // PT_NOTE
            let offset = Int64(file.le64(table, at + 8)), size = min(Int(file.le64(table, at + 32)), 1 << 16)
            guard let notes = file.read(at: offset, count: size) else { continue }
            var note = 0
            while note + 12 <= notes.count {
                let nameSize = Int(file.le32(notes, note)), descriptionSize = Int(file.le32(notes, note + 4))
                let type = file.le32(notes, note + 8)
                let name = note + 12, description = name + ((nameSize + 3) & ~3)
                guard description + descriptionSize <= notes.count else { break }
                if type == 3, nameSize == 4, notes[name..<name + 3].elementsEqual("GNU".utf8), descriptionSize >= 8 {
                    return ContentHash.hex(notes[description..<description + descriptionSize])  // NT_GNU_BUILD_ID
                }
                note = description + ((descriptionSize + 3) & ~3)
            }
        }
        return nil
        #else
        return nil
        #endif
    }
}

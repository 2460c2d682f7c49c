// Reading exactly the bytes of one file preflight opened itself. FFmpeg is never handed a path:
// it reads through a custom AVIOContext over one descriptor, and every attempt by a demuxer to
// open anything else (playlists, concat lists, image sequences, external references) is refused.
#ifndef PREFLIGHT_FILE_SOURCE_H
#define PREFLIGHT_FILE_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct AVFormatContext;
struct AVIOContext;
struct AVInputFormat;

/// Owns an AVIOContext (and its buffer) reading `fd` with pread from offset 0 to `size`.
/// Does not own `fd`. Reads fail with AVERROR_EXIT once the monotonic clock passes *deadline_us
/// (0 = no deadline), so a time limit holds inside demuxer parsing too.
typedef struct PFFileSource PFFileSource;

PFFileSource *pf_file_source_create(int fd, int64_t size, const int64_t *deadline_us);
struct AVIOContext *pf_file_source_io(PFFileSource *source);
/// Frees the source and its AVIOContext; sets *source to NULL.
void pf_file_source_free(PFFileSource **source);

/// Makes `context` read only through `source`: sets pb, refuses nested opens through io_open,
/// and allows no protocol. Call before av_probe / avformat_open_input.
void pf_format_context_use_source(struct AVFormatContext *context, PFFileSource *source);

/// av_probe_input_buffer2 over the context's pb: the demuxer the content (and `name`'s extension)
/// points to. Returns the score, or a negative AVERROR code.
int pf_probe_format(struct AVFormatContext *context, const char *name, const struct AVInputFormat **format);

/// Caps every single allocation FFmpeg makes (av_max_alloc), so a header that claims millions of
/// entries fails with ENOMEM instead of taking gigabytes. Process-wide; call once.
void pf_limit_allocations(size_t max_bytes);

/// Keeps memory freed after one file for the next, instead of handing it back to the kernel and
/// faulting it in again (glibc; a no-op elsewhere). Process-wide; call once, before the first file.
void pf_keep_freed_memory(void);

#endif

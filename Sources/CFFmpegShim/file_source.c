#include "file_source.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavutil/mem.h>
#include <libavutil/time.h>

enum { PF_IO_BUFFER_SIZE = 64 * 1024 };

struct PFFileSource {
    int fd;
    int64_t size;
    int64_t position;
    const int64_t *deadline_us;
    AVIOContext *io;
};

static int pf_source_read(void *opaque, uint8_t *buffer, int size) {
    PFFileSource *source = opaque;
    if (source->deadline_us != NULL && *source->deadline_us > 0 && av_gettime_relative() > *source->deadline_us)
        return AVERROR_EXIT;
    if (source->position >= source->size) return AVERROR_EOF;
    int64_t left = source->size - source->position;
    if ((int64_t)size > left) size = (int)left;
    ssize_t count;
    do {
        count = pread(source->fd, buffer, (size_t)size, (off_t)source->position);
    } while (count < 0 && errno == EINTR);
    if (count < 0) return AVERROR(errno);
    if (count == 0) return AVERROR_EOF;  // the file shrank while being read
    source->position += count;
    return (int)count;
}

static int64_t pf_source_seek(void *opaque, int64_t offset, int whence) {
    PFFileSource *source = opaque;
    if (whence & AVSEEK_SIZE) return source->size;
    int64_t target;
    switch (whence & ~AVSEEK_FORCE) {
    case SEEK_SET: target = offset; break;
    case SEEK_CUR:
        if (__builtin_add_overflow(source->position, offset, &target)) return AVERROR(EINVAL);
        break;
    case SEEK_END:
        if (__builtin_add_overflow(source->size, offset, &target)) return AVERROR(EINVAL);
        break;
    default: return AVERROR(EINVAL);
    }
    if (target < 0) return AVERROR(EINVAL);
    source->position = target;
    return target;
}

PFFileSource *pf_file_source_create(int fd, int64_t size, const int64_t *deadline_us) {
    PFFileSource *source = av_mallocz(sizeof *source);
    if (source == NULL) return NULL;
    uint8_t *buffer = av_malloc(PF_IO_BUFFER_SIZE);
    if (buffer == NULL) {
        av_free(source);
        return NULL;
    }
    source->fd = fd;
    source->size = size;
    source->deadline_us = deadline_us;
    source->io = avio_alloc_context(buffer, PF_IO_BUFFER_SIZE, 0, source, pf_source_read, NULL, pf_source_seek);
    if (source->io == NULL) {
        av_free(buffer);
        av_free(source);
        return NULL;
    }
    return source;
}

AVIOContext *pf_file_source_io(PFFileSource *source) { return source->io; }

void pf_file_source_free(PFFileSource **source) {
    if (source == NULL || *source == NULL) return;
    // libavformat may have replaced the buffer; the one in use is the one to free (avio.h).
    if ((*source)->io != NULL) av_freep(&(*source)->io->buffer);
    avio_context_free(&(*source)->io);
    av_freep(source);
}

static int pf_refuse_nested_open(AVFormatContext *context, AVIOContext **pb, const char *url, int flags,
                                 AVDictionary **options) {
    (void)pb; (void)url; (void)flags; (void)options;
    av_log(context, AV_LOG_ERROR, "preflight refused to open another file this one refers to\n");
    return AVERROR(EPERM);
}

void pf_format_context_use_source(AVFormatContext *context, PFFileSource *source) {
    context->pb = source->io;
    context->flags |= AVFMT_FLAG_CUSTOM_IO;
    context->io_open = pf_refuse_nested_open;
    // No protocol is on this list, so even a path around io_open finds nothing it may open.
    av_freep(&context->protocol_whitelist);
    context->protocol_whitelist = av_strdup("none");
}

int pf_probe_format(AVFormatContext *context, const char *name, const AVInputFormat **format) {
    return av_probe_input_buffer2(context->pb, format, name, context, 0, 0);
}

void pf_limit_allocations(size_t max_bytes) { av_max_alloc(max_bytes); }

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void pf_keep_freed_memory(void) {
#if defined(__GLIBC__)
    // glibc maps large blocks (a decoded frame, a demuxer's buffers) afresh and hands freed memory
    // back to the kernel, so every file faulted the same megabytes in again (a `check` of the
    // bench's 48 mixed clips: 15,100 page faults, 5,200 with this). Large blocks now come from the
    // heap up to 32 MiB (glibc's ceiling for this setting) and up to 256 MiB of freed memory is
    // kept for the next file. Both must be set: either alone stops glibc's own adjustment of the
    // other and faults more.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

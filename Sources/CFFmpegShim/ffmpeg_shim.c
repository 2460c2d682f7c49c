#include "ffmpeg_shim.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/time.h>

int pf_averror(int posix_errno) { return AVERROR(posix_errno); }
int pf_averror_eof(void) { return AVERROR_EOF; }
int pf_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
int pf_averror_exit(void) { return AVERROR_EXIT; }
int64_t pf_nopts_value(void) { return AV_NOPTS_VALUE; }

void pf_error_string(int code, char *buffer, size_t size) {
    if (size == 0) return;
    if (av_strerror(code, buffer, size) < 0) {
        snprintf(buffer, size, "FFmpeg error %d", code);
    }
}

// FFmpeg 6.1 (libavformat 60.15) moved stream side data into codecpar->coded_side_data and
// deprecated av_stream_get_side_data; FFmpeg 7 (libavformat 61) removed it.
#if LIBAVFORMAT_VERSION_MAJOR > 60 || (LIBAVFORMAT_VERSION_MAJOR == 60 && LIBAVFORMAT_VERSION_MINOR >= 15)
#define PF_CODED_SIDE_DATA 1
#endif

const int32_t *pf_stream_display_matrix(const AVStream *stream) {
#ifdef PF_CODED_SIDE_DATA
    const AVPacketSideData *side = av_packet_side_data_get(stream->codecpar->coded_side_data,
                                                           stream->codecpar->nb_coded_side_data,
                                                           AV_PKT_DATA_DISPLAYMATRIX);
    if (side == NULL || side->size < 9 * sizeof(int32_t)) return NULL;
    return (const int32_t *)side->data;
#else
    size_t size = 0;
    const uint8_t *data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (data == NULL || size < 9 * sizeof(int32_t)) return NULL;
    return (const int32_t *)data;
#endif
}

int pf_stream_copy_display_matrix(AVStream *destination, const AVStream *source) {
#ifdef PF_CODED_SIDE_DATA
    (void)destination;
    (void)source;
    return 0;
#else
    size_t size = 0;
    const uint8_t *data = av_stream_get_side_data(source, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (data == NULL) return 0;
    uint8_t *copy = av_stream_new_side_data(destination, AV_PKT_DATA_DISPLAYMATRIX, size);
    if (copy == NULL) return AVERROR(ENOMEM);
    memcpy(copy, data, size);
    return 0;
#endif
}

int pf_index_entry(AVStream *stream, int idx, int64_t *position, int64_t *timestamp, int32_t *size, int *keyframe,
                   int *discarded) {
    const AVIndexEntry *entry = avformat_index_get_entry(stream, idx);
    if (entry == NULL) return 0;
    *position = entry->pos;
    *timestamp = entry->timestamp;
    *size = entry->size;
    *keyframe = (entry->flags & AVINDEX_KEYFRAME) != 0;
    *discarded = (entry->flags & AVINDEX_DISCARD_FRAME) != 0;
    return 1;
}

void pf_packet_show(AVPacket *packet) { packet->flags &= ~AV_PKT_FLAG_DISCARD; }

// ---- Log capture -------------------------------------------------------------------------------
// Each probe runs on one thread from start to end, so a thread-local buffer ties every message to
// the file being read without locks. Messages from threads that are not capturing are dropped:
// FFmpeg's raw log never reaches the user's terminal.

enum { PF_LOG_CAPACITY = 4096 };
static _Thread_local char pf_log_buffer[PF_LOG_CAPACITY];
static _Thread_local size_t pf_log_length;
static _Thread_local int pf_log_active;
static _Thread_local int pf_log_errors;

static void pf_log_callback(void *object, int level, const char *format, va_list args) {
    if (!pf_log_active || level > AV_LOG_WARNING) return;
    char line[512];
    int prefix = 0;
    if (object != NULL) {
        AVClass *cls = *(AVClass **)object;
        if (cls != NULL && cls->item_name != NULL) {
            prefix = snprintf(line, sizeof line, "%s: ", cls->item_name(object));
            if (prefix < 0 || (size_t)prefix >= sizeof line) prefix = 0;
        }
    }
    vsnprintf(line + prefix, sizeof line - (size_t)prefix, format, args);
    // Errors in EXIF metadata ("invalid TIFF header in Exif data") say nothing about the pixels,
    // which decode completely: they are kept in the log but do not count as damage.
    if (level <= AV_LOG_ERROR && strstr(line, "Exif") == NULL && strstr(line, "EXIF") == NULL) pf_log_errors++;
    size_t length = strlen(line);
    size_t room = PF_LOG_CAPACITY - 1 - pf_log_length;
    if (length > room) length = room;  // keep the first messages: they name the cause
    memcpy(pf_log_buffer + pf_log_length, line, length);
    pf_log_length += length;
    pf_log_buffer[pf_log_length] = '\0';
}

void pf_log_install(void) { av_log_set_callback(pf_log_callback); }

void pf_log_capture_begin(void) {
    pf_log_length = 0;
    pf_log_errors = 0;
    pf_log_buffer[0] = '\0';
    pf_log_active = 1;
}

size_t pf_log_capture_end(char *buffer, size_t size) {
    pf_log_active = 0;
    if (size == 0) return 0;
    size_t length = pf_log_length < size - 1 ? pf_log_length : size - 1;
    memcpy(buffer, pf_log_buffer, length);
    buffer[length] = '\0';
    pf_log_length = 0;
    return length;
}

int pf_log_error_count(void) { return pf_log_errors; }

// ---- Deadlines ---------------------------------------------------------------------------------

static int pf_deadline_passed(void *opaque) {
    const int64_t deadline = *(const int64_t *)opaque;
    return deadline > 0 && av_gettime_relative() > deadline;
}

AVFormatContext *pf_format_context_with_deadline(const int64_t *deadline_us) {
    AVFormatContext *context = avformat_alloc_context();
    if (context == NULL) return NULL;
    context->interrupt_callback.callback = pf_deadline_passed;
    context->interrupt_callback.opaque = (void *)deadline_us;
    return context;
}

int64_t pf_monotonic_microseconds(void) { return av_gettime_relative(); }

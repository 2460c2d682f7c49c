// What Swift cannot import from FFmpeg directly (function-like macros, va_list callbacks) and the
// calls whose API changed between FFmpeg 5.1 and 7.x. Every version check lives in this target.
#ifndef PREFLIGHT_FFMPEG_SHIM_H
#define PREFLIGHT_FFMPEG_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include "file_source.h"
#include <libavutil/rational.h>

struct AVFormatContext;
struct AVStream;
struct AVPacket;

/// AVERROR(e): FFmpeg's negative errno codes.
int pf_averror(int posix_errno);
/// AVERROR_EOF and AVERROR_INVALIDDATA, which are built with a macro Swift cannot expand.
int pf_averror_eof(void);
int pf_averror_invaliddata(void);
/// AVERROR_EXIT: what blocking calls return once the interrupt callback asked them to stop.
int pf_averror_exit(void);
/// AV_NOPTS_VALUE ("no timestamp"), an INT64_C(...) expression macro.
int64_t pf_nopts_value(void);
/// av_make_error_string as a plain call: writes a readable message for an FFmpeg error code.
void pf_error_string(int code, char *buffer, size_t size);

/// The stream's display matrix (9 int32 values), or NULL. FFmpeg >= 6.1 moved stream side data to
/// codecpar->coded_side_data; older versions keep it behind av_stream_get_side_data.
const int32_t *pf_stream_display_matrix(const struct AVStream *stream);

/// Copies the display matrix of `source` to `destination` (a remux keeps a phone clip's rotation).
/// Returns 0, or a negative AVERROR code. On FFmpeg >= 6.1 avcodec_parameters_copy has copied it already.
int pf_stream_copy_display_matrix(struct AVStream *destination, const struct AVStream *source);

/// One entry of a demuxer's sample index (MP4/MOV hold every sample there). AVIndexEntry packs
/// its flags and size into bitfields, which Swift cannot read portably. `discarded`: the sample is
/// decoded but not shown — an MP4/MOV edit list starts the presentation after it (a stream-copy cut
/// keeps the GOP before the cut point). Returns 0 when idx is out of range.
int pf_index_entry(struct AVStream *stream, int idx, int64_t *position, int64_t *timestamp, int32_t *size, int *keyframe,
                   int *discarded);

/// Clears AV_PKT_FLAG_DISCARD, so that a decoder outputs the picture of a keyframe an edit list
/// hides (the decode proof and the first-picture read need that picture; players decode it too).
void pf_packet_show(struct AVPacket *packet);

// ---- libavfilter, loaded on first use (filter_library.c says why) ------------------------------
struct AVFilterGraph;
struct AVFilterContext;
struct AVFilterInOut;
struct AVFilter;
struct AVFrame;
struct AVChannelLayout;

/// Loads libavfilter once per process; NULL when every function below can be called, otherwise
/// why not (a static string). Call it before any pf_avfilter_/pf_buffersrc_/pf_buffersink_ function.
const char *pf_filters_load(void);
struct AVFilterGraph *pf_avfilter_graph_alloc(void);
void pf_avfilter_graph_free(struct AVFilterGraph **graph);
const struct AVFilter *pf_avfilter_get_by_name(const char *name);
/// avfilter_graph_create_filter without its opaque argument.
int pf_avfilter_graph_create_filter(struct AVFilterContext **context, const struct AVFilter *filter, const char *name,
                                    const char *arguments, struct AVFilterGraph *graph);
struct AVFilterInOut *pf_avfilter_inout_alloc(void);
void pf_avfilter_inout_free(struct AVFilterInOut **list);
/// avfilter_graph_parse_ptr without its log context.
int pf_avfilter_graph_parse(struct AVFilterGraph *graph, const char *chain, struct AVFilterInOut **inputs,
                            struct AVFilterInOut **outputs);
/// avfilter_graph_config without its log context.
int pf_avfilter_graph_config(struct AVFilterGraph *graph);
int pf_buffersrc_add_frame(struct AVFilterContext *source, struct AVFrame *frame);
int pf_buffersink_get_frame(struct AVFilterContext *sink, struct AVFrame *frame);
void pf_buffersink_set_frame_size(struct AVFilterContext *sink, unsigned size);
struct AVRational pf_buffersink_get_time_base(const struct AVFilterContext *sink);
struct AVRational pf_buffersink_get_frame_rate(const struct AVFilterContext *sink);
int pf_buffersink_get_w(const struct AVFilterContext *sink);
int pf_buffersink_get_h(const struct AVFilterContext *sink);
int pf_buffersink_get_format(const struct AVFilterContext *sink);
int pf_buffersink_get_sample_rate(const struct AVFilterContext *sink);
struct AVRational pf_buffersink_get_sample_aspect_ratio(const struct AVFilterContext *sink);
int pf_buffersink_get_ch_layout(const struct AVFilterContext *sink, struct AVChannelLayout *layout);

/// Routes FFmpeg's log into a per-thread buffer instead of stderr. Install once per process.
void pf_log_install(void);
/// Starts collecting warnings and errors logged on this thread (clears what was kept before).
void pf_log_capture_begin(void);
/// Copies what was collected on this thread since pf_log_capture_begin into buffer (NUL-terminated,
/// lines separated by '\n'), stops collecting, and returns the number of bytes written.
size_t pf_log_capture_end(char *buffer, size_t size);
/// How many messages at error level or worse were logged on this thread since pf_log_capture_begin.
int pf_log_error_count(void);

/// Allocates a format context whose blocking I/O gives up once the monotonic clock passes
/// *deadline_us (av_gettime_relative microseconds; 0 = no deadline). The caller keeps deadline_us
/// alive for as long as the context lives.
struct AVFormatContext *pf_format_context_with_deadline(const int64_t *deadline_us);
/// av_gettime_relative(), for computing deadlines in the same clock.
int64_t pf_monotonic_microseconds(void);

#endif

// libavfilter, loaded on first use. Debian's FFmpeg libraries are linked with BIND_NOW, so every
// library a process maps costs its relocations at start-up whether or not it is called, and
// libavfilter's dependencies (speech synthesis voices, LV2, Vulkan, BLAS/LAPACK…) doubled the
// start-up of every run (measured: 34 ms for libavformat+libavcodec's closure, 74 ms with
// libavfilter's). Only `preflight fix` and HTML thumbnails filter, so only they pay for it.
// The library loaded is the one beside the linked libavformat: the same FFmpeg installation as the
// headers this file was compiled against (LIBAVFILTER_VERSION_MAJOR).
#define _GNU_SOURCE  // dladdr (glibc)
#include "ffmpeg_shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <libavformat/avformat.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavfilter/version_major.h>

static struct {
    AVFilterGraph *(*graph_alloc)(void);
    void (*graph_free)(AVFilterGraph **);
    const AVFilter *(*get_by_name)(const char *);
    int (*graph_create_filter)(AVFilterContext **, const AVFilter *, const char *, const char *, void *, AVFilterGraph *);
    AVFilterInOut *(*inout_alloc)(void);
    void (*inout_free)(AVFilterInOut **);
    int (*graph_parse_ptr)(AVFilterGraph *, const char *, AVFilterInOut **, AVFilterInOut **, void *);
    int (*graph_config)(AVFilterGraph *, void *);
    int (*buffersrc_add_frame)(AVFilterContext *, AVFrame *);
    int (*buffersink_get_frame)(AVFilterContext *, AVFrame *);
    void (*buffersink_set_frame_size)(AVFilterContext *, unsigned);
    AVRational (*buffersink_get_time_base)(const AVFilterContext *);
    AVRational (*buffersink_get_frame_rate)(const AVFilterContext *);
    int (*buffersink_get_w)(const AVFilterContext *);
    int (*buffersink_get_h)(const AVFilterContext *);
    int (*buffersink_get_format)(const AVFilterContext *);
    int (*buffersink_get_sample_rate)(const AVFilterContext *);
    AVRational (*buffersink_get_sample_aspect_ratio)(const AVFilterContext *);
    int (*buffersink_get_ch_layout)(const AVFilterContext *, AVChannelLayout *);
} pf_filters;

static pthread_once_t pf_filters_once = PTHREAD_ONCE_INIT;
static int pf_filters_ready;         // every function resolved
static char pf_filters_error[512];   // why not, otherwise

#if defined(__APPLE__)
#define PF_FILTER_LIBRARY_FORMAT "libavfilter.%d.dylib"
#else
#define PF_FILTER_LIBRARY_FORMAT "libavfilter.so.%d"
#endif

/// The folder libavformat was loaded from, with a trailing '/', or "" when it cannot be told.
static void pf_libavformat_folder(char *folder, size_t capacity) {
    Dl_info info;
    folder[0] = '\0';
    if (dladdr((const void *)&avformat_version, &info) == 0 || info.dli_fname == NULL) return;
    const char *slash = strrchr(info.dli_fname, '/');
    if (slash == NULL || (size_t)(slash - info.dli_fname + 2) > capacity) return;
    memcpy(folder, info.dli_fname, (size_t)(slash - info.dli_fname + 1));
    folder[slash - info.dli_fname + 1] = '\0';
}

static void pf_filters_load_once(void) {
    char name[64], folder[4096], path[4200];
    snprintf(name, sizeof name, PF_FILTER_LIBRARY_FORMAT, LIBAVFILTER_VERSION_MAJOR);
    pf_libavformat_folder(folder, sizeof folder);
    snprintf(path, sizeof path, "%s%s", folder, name);
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL && folder[0] != '\0') library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(pf_filters_error, sizeof pf_filters_error, "%s cannot be loaded (%s)", name, reason ? reason : "not found");
        return;
    }
#define PF_RESOLVE(field, symbol)                                                                       \
    do {                                                                                               \
        *(void **)&pf_filters.field = dlsym(library, #symbol);                                         \
        if (pf_filters.field == NULL) {                                                                \
            snprintf(pf_filters_error, sizeof pf_filters_error, "%s has no %s", name, #symbol);        \
            return;                                                                                    \
        }                                                                                              \
    } while (0)
    PF_RESOLVE(graph_alloc, avfilter_graph_alloc);
    PF_RESOLVE(graph_free, avfilter_graph_free);
    PF_RESOLVE(get_by_name, avfilter_get_by_name);
    PF_RESOLVE(graph_create_filter, avfilter_graph_create_filter);
    PF_RESOLVE(inout_alloc, avfilter_inout_alloc);
    PF_RESOLVE(inout_free, avfilter_inout_free);
    PF_RESOLVE(graph_parse_ptr, avfilter_graph_parse_ptr);
    PF_RESOLVE(graph_config, avfilter_graph_config);
    PF_RESOLVE(buffersrc_add_frame, av_buffersrc_add_frame);
    PF_RESOLVE(buffersink_get_frame, av_buffersink_get_frame);
    PF_RESOLVE(buffersink_set_frame_size, av_buffersink_set_frame_size);
    PF_RESOLVE(buffersink_get_time_base, av_buffersink_get_time_base);
    PF_RESOLVE(buffersink_get_frame_rate, av_buffersink_get_frame_rate);
    PF_RESOLVE(buffersink_get_w, av_buffersink_get_w);
    PF_RESOLVE(buffersink_get_h, av_buffersink_get_h);
    PF_RESOLVE(buffersink_get_format, av_buffersink_get_format);
    PF_RESOLVE(buffersink_get_sample_rate, av_buffersink_get_sample_rate);
    PF_RESOLVE(buffersink_get_sample_aspect_ratio, av_buffersink_get_sample_aspect_ratio);
    PF_RESOLVE(buffersink_get_ch_layout, av_buffersink_get_ch_layout);
#undef PF_RESOLVE
    pf_filters_ready = 1;
}

const char *pf_filters_load(void) {
    pthread_once(&pf_filters_once, pf_filters_load_once);
    return pf_filters_ready ? NULL : pf_filters_error;
}

// Callers have had pf_filters_load() return NULL first (FilterChain does, before it builds a graph).
AVFilterGraph *pf_avfilter_graph_alloc(void) { return pf_filters.graph_alloc(); }
void pf_avfilter_graph_free(AVFilterGraph **graph) { pf_filters.graph_free(graph); }
const AVFilter *pf_avfilter_get_by_name(const char *name) { return pf_filters.get_by_name(name); }
int pf_avfilter_graph_create_filter(AVFilterContext **context, const AVFilter *filter, const char *name, const char *arguments,
                                    AVFilterGraph *graph) {
    return pf_filters.graph_create_filter(context, filter, name, arguments, NULL, graph);
}
AVFilterInOut *pf_avfilter_inout_alloc(void) { return pf_filters.inout_alloc(); }
void pf_avfilter_inout_free(AVFilterInOut **list) { pf_filters.inout_free(list); }
int pf_avfilter_graph_parse(AVFilterGraph *graph, const char *chain, AVFilterInOut **inputs, AVFilterInOut **outputs) {
    return pf_filters.graph_parse_ptr(graph, chain, inputs, outputs, NULL);
}
int pf_avfilter_graph_config(AVFilterGraph *graph) { return pf_filters.graph_config(graph, NULL); }
int pf_buffersrc_add_frame(AVFilterContext *source, AVFrame *frame) { return pf_filters.buffersrc_add_frame(source, frame); }
int pf_buffersink_get_frame(AVFilterContext *sink, AVFrame *frame) { return pf_filters.buffersink_get_frame(sink, frame); }
void pf_buffersink_set_frame_size(AVFilterContext *sink, unsigned size) { pf_filters.buffersink_set_frame_size(sink, size); }
AVRational pf_buffersink_get_time_base(const AVFilterContext *sink) { return pf_filters.buffersink_get_time_base(sink); }
AVRational pf_buffersink_get_frame_rate(const AVFilterContext *sink) { return pf_filters.buffersink_get_frame_rate(sink); }
int pf_buffersink_get_w(const AVFilterContext *sink) { return pf_filters.buffersink_get_w(sink); }
int pf_buffersink_get_h(const AVFilterContext *sink) { return pf_filters.buffersink_get_h(sink); }
int pf_buffersink_get_format(const AVFilterContext *sink) { return pf_filters.buffersink_get_format(sink); }
int pf_buffersink_get_sample_rate(const AVFilterContext *sink) { return pf_filters.buffersink_get_sample_rate(sink); }
AVRational pf_buffersink_get_sample_aspect_ratio(const AVFilterContext *sink) {
    return pf_filters.buffersink_get_sample_aspect_ratio(sink);
}
int pf_buffersink_get_ch_layout(const AVFilterContext *sink, AVChannelLayout *layout) {
    return pf_filters.buffersink_get_ch_layout(sink, layout);
}

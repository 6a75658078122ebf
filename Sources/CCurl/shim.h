// Typed wrappers over libcurl's variadic entry points, which Swift cannot call directly.
#ifndef HERALD_CCURL_SHIM_H
#define HERALD_CCURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*herald_curl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);

static inline CURLcode herald_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode herald_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode herald_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode herald_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode herald_easy_setopt_write_function(CURL *handle, herald_curl_write_callback value) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, value);
}

/// Same shape as the write callback: curl's buffer, item size, item count, userdata.
static inline CURLcode herald_easy_setopt_read_function(CURL *handle, herald_curl_write_callback value) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, value);
}

typedef int (*herald_curl_seek_callback)(void *userdata, curl_off_t offset, int origin);

static inline CURLcode herald_easy_setopt_seek_function(CURL *handle, herald_curl_seek_callback value) {
    return curl_easy_setopt(handle, CURLOPT_SEEKFUNCTION, value);
}

static inline CURLcode herald_easy_setopt_header_function(CURL *handle, herald_curl_write_callback value) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, value);
}

static inline CURLcode herald_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode herald_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode herald_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode herald_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode herald_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

/// CURLMsg's `data` is a union; Swift imports it awkwardly, so read the result here.
static inline CURLcode herald_multi_msg_result(const CURLMsg *message) {
    return message->data.result;
}

#endif

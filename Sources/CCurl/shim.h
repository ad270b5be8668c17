#ifndef LOKET_CCURL_SHIM_H
#define LOKET_CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed wrapper per kind.

static inline CURLcode loket_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode loket_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode loket_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode loket_curl_set_headers(CURL *handle, struct curl_slist *headers) {
    return curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
}

static inline CURLcode loket_curl_set_body(CURL *handle, const char *bytes, long length) {
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, length);
    return curl_easy_setopt(handle, CURLOPT_COPYPOSTFIELDS, bytes);
}

typedef size_t (*loket_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode loket_curl_set_writer(CURL *handle, loket_curl_write_callback callback, void *context) {
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
    return curl_easy_setopt(handle, CURLOPT_WRITEDATA, context);
}

static inline long loket_curl_status(CURL *handle) {
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

#endif

import CCurl
import Dispatch
import Foundation

/// An HTTP client over libcurl. Each request runs on its own easy handle, off the cooperative thread pool.
package struct CurlHTTPClient: HTTPClient {
    /// Initialises libcurl once per process (not thread-safe itself, so done before any request).
    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    package init() {
        _ = Self.initialised
    }

    package func send(_ request: OutboundRequest) async throws -> OutboundResponse {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.perform(request) })
            }
        }
    }

    /// Collects the response body; handed to libcurl's C callback through an opaque pointer.
    private final class Sink {
        var data = Data()
    }

    private static func perform(_ request: OutboundRequest) throws -> OutboundResponse {
        guard let handle = curl_easy_init() else { throw TransportError("libcurl could not start a request") }
        defer { curl_easy_cleanup(handle) }
        var headers: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headers) }
        for header in request.headers { headers = curl_slist_append(headers, "\(header.name): \(header.value)") }
        headers = curl_slist_append(headers, "Expect:")  // No "100-continue" round trip for small bodies.
        loket_curl_set_headers(handle, headers)
        loket_curl_set_string(handle, CURLOPT_URL, request.url)
        loket_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        loket_curl_set_long(handle, CURLOPT_TIMEOUT, request.timeout)
        loket_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, min(request.timeout, 10))
        loket_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        loket_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        loket_curl_set_long(handle, CURLOPT_MAXREDIRS, 3)
        if let body = request.body {
            body.withUnsafeBytes { bytes in
                _ = loket_curl_set_body(handle, bytes.bindMemory(to: CChar.self).baseAddress, body.count)
            }
        }
        let sink = Sink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        loket_curl_set_writer(handle, { data, size, count, context in
            guard let data, let context else { return 0 }
            Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue().data.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        }, context)
        let code = withExtendedLifetime(sink) { curl_easy_perform(handle) }
        guard code == CURLE_OK else {
            let neverSent = [CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY].contains(code)
            throw TransportError(
                "\(request.method) \(Self.hostOnly(request.url)) failed: \(String(cString: curl_easy_strerror(code)))", mayHaveArrived: !neverSent)
        }
        return OutboundResponse(status: loket_curl_status(handle), body: sink.data)
    }

    /// The URL without its path and query, which may carry ids or tokens, for error messages.
    private static func hostOnly(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return "the URL" }
        return "\(components.scheme ?? "http")://\(components.host ?? "?")\(components.port.map { ":\($0)" } ?? "")"
    }
}

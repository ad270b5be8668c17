import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Every error answer of the HTTP contract: `{"error":{"code":"…","message":"…"}}` with a fitting status.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    /// Seconds after which a refused request may be tried again (`Retry-After`).
    var retryAfter: Int?

    init(status: HTTPResponse.Status, code: String, message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    static func unauthorized(_ message: String) -> APIError { .init(status: .unauthorized, code: "unauthorized", message: message) }
    static func badRequest(_ message: String) -> APIError { .init(status: .badRequest, code: "bad_request", message: message) }
    static func forbidden(_ message: String) -> APIError { .init(status: .forbidden, code: "forbidden", message: message) }
    static func unavailable(_ message: String) -> APIError { .init(status: .serviceUnavailable, code: "unavailable", message: message) }
    static func notFound(_ message: String) -> APIError { .init(status: .notFound, code: "not_found", message: message) }
    static func rateLimited(_ message: String, retryAfter: Int) -> APIError {
        .init(status: .tooManyRequests, code: "rate_limited", message: message, retryAfter: retryAfter)
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(ErrorBody(error: .init(code: self.code, message: self.message)))
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter = self.retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: self.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Turns every error a route throws, and unknown routes, into the JSON error of the contract, and logs it
/// without the request's body (which may hold personal data).
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            context.logger.info("Request refused", metadata: ["status": "\(error.status.code)", "code": "\(error.code)"])
            self.metrics.requestRejected(code: error.code)
            throw error
        } catch let error as HTTPError {
            self.metrics.requestRejected(code: Self.code(error.status))
            throw APIError(status: error.status, code: Self.code(error.status), message: error.body ?? error.status.reasonPhrase)
        } catch let error as any HTTPResponseError {
            self.metrics.requestRejected(code: Self.code(error.status))
            throw APIError(status: error.status, code: Self.code(error.status), message: error.status.reasonPhrase)
        } catch {
            context.logger.error("Request failed", metadata: ["error": "\(String(describing: type(of: error)))"])
            self.metrics.requestRejected(code: "internal")
            throw APIError(status: .internalServerError, code: "internal", message: "the request could not be handled; try again")
        }
    }

    private static func code(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "payload_too_large"
        case 400: "bad_request"
        case 401: "unauthorized"
        default: "http_\(status.code)"
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import LoketCore
import LoketDesk
import LoketStore

/// The web chat page at `/chat`: anyone can try Loket as a citizen without WhatsApp. The browser posts messages
/// and polls for replies; each browser session is one citizen, addressed `web:SESSION`.
struct WebChatRoutes {
    let desk: Desk
    let vault: DocumentVault?
    let metrics: ServerMetrics
    let gatekeeper: Gatekeeper

    /// Photos are sent inline (base64), so the chat accepts larger bodies than the webhooks.
    static let maxBody = 8 << 20

    func add(to router: Router<LoketRequestContext>) {
        router.get("/chat") { _, _ in
            guard let url = Bundle.module.url(forResource: "chat", withExtension: "html", subdirectory: "Resources"),
                let page = try? Data(contentsOf: url)
            else { throw APIError.unavailable("the chat page is missing from this build") }
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: page)))
        }
        router.post("/chat/api/messages") { request, _ in try await self.post(request) }
        router.get("/chat/api/messages") { request, _ in try await self.replies(request) }
    }

    private struct Post: Decodable {
        var session: String
        var text: String?
        var button: String?
        var photo: Photo?

        struct Photo: Decodable {
            var name: String
            var type: String
            var data: String
        }
    }

    private static func address(_ session: String) throws -> String {
        guard (8...64).contains(session.count), session.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw APIError.badRequest("session must be 8 to 64 letters, digits or dashes")
        }
        return "web:" + session
    }

    private func post(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: Self.maxBody)
        let post: Post
        do {
            post = try JSONDecoder().decode(Post.self, from: Data(body.readableBytesView))
        } catch {
            throw APIError.badRequest("expected {\"session\":…, \"text\":…} or a photo")
        }
        let address = try Self.address(post.session)
        try self.gatekeeper.admit(sender: address)
        var message = InboundMessage(id: "web-" + UUID().uuidString, from: address, text: post.text, button: post.button)
        message.channel = "web"
        if let photo = post.photo {
            guard let bytes = Data(base64Encoded: photo.data), !bytes.isEmpty else { throw APIError.badRequest("the photo is not base64 data") }
            let kind: Attachment.Kind = photo.type.hasPrefix("image/") ? .image : .document
            var attachment = Attachment(kind: kind, filename: photo.name, mimeType: photo.type)
            if let vault = self.vault {
                let id = UUID().uuidString
                try vault.put(bytes, id: id)
                try await self.desk.store.recordDocument(StoredDocument(id: id, citizen: address, mimeType: photo.type, size: bytes.count, storedAt: Date()))
                attachment.reference = "vault:" + id
            }
            message.attachments = [attachment]
        }
        let started = Date()
        _ = try await self.desk.receive(message, at: started)
        self.metrics.messageReceived(channel: "web")
        self.metrics.eventHandled(seconds: Date().timeIntervalSince(started))
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"accepted":true}"#)))
    }

    private struct Replies: Encodable {
        struct Item: Encodable {
            var index: Int
            var text: String
            var buttons: [Reply.Button]
        }
        var replies: [Item]
    }

    private func replies(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let address = try Self.address(String(query["session"] ?? ""))
        let after = Int(query["after"] ?? "") ?? 0
        let entries = try await self.desk.store.outbox(recipient: address, limit: 1000)
        let items = entries.enumerated().dropFirst(after).map { Replies.Item(index: $0.offset + 1, text: $0.element.reply.text, buttons: $0.element.reply.buttons) }
        let data = try JSONEncoder().encode(Replies(replies: items))
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

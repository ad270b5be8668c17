/// The JSON WhatsApp Cloud API posts to the webhook, as far as Loket reads it. Unknown fields are ignored;
/// every array may hold several items (Meta batches).
struct WhatsAppPayload: Decodable {
    var object: String
    var entry: [Entry]

    struct Entry: Decodable {
        var changes: [Change]
    }

    struct Change: Decodable {
        var field: String
        var value: Value?
    }

    struct Value: Decodable {
        var metadata: Metadata?
        var contacts: [Contact]?
        var messages: [Message]?
        var statuses: [Status]?
    }

    struct Metadata: Decodable {
        var phoneNumberID: String?

        enum CodingKeys: String, CodingKey {
            case phoneNumberID = "phone_number_id"
        }
    }

    struct Contact: Decodable {
        var profile: Profile?
        var waID: String?

        struct Profile: Decodable {
            var name: String?
        }

        enum CodingKeys: String, CodingKey {
            case profile
            case waID = "wa_id"
        }
    }

    struct Media: Decodable {
        var id: String?
        var mimeType: String?
        var filename: String?
        var caption: String?

        enum CodingKeys: String, CodingKey {
            case id, filename, caption
            case mimeType = "mime_type"
        }
    }

    struct Message: Decodable {
        var from: String?
        var id: String
        var timestamp: String?
        var type: String
        var text: Text?
        var image: Media?
        var document: Media?
        var audio: Media?
        var video: Media?
        var sticker: Media?
        var location: Location?
        var interactive: Interactive?
        var button: Button?

        struct Text: Decodable {
            var body: String
        }

        struct Location: Decodable {
            var latitude: Double
            var longitude: Double
        }

        struct Interactive: Decodable {
            var type: String
            var buttonReply: Choice?
            var listReply: Choice?

            struct Choice: Decodable {
                var id: String
                var title: String?
            }

            enum CodingKeys: String, CodingKey {
                case type
                case buttonReply = "button_reply"
                case listReply = "list_reply"
            }
        }

        struct Button: Decodable {
            var payload: String?
            var text: String?
        }
    }

    struct Status: Decodable {
        var id: String
        var status: String
        var timestamp: String?
        var recipientID: String?
        var errors: [StatusError]?
        /// What we sent along with the message (`biz_opaque_callback_data`): our outbox id.
        var callbackData: String?

        struct StatusError: Decodable {
            var code: Int?
            var title: String?
        }

        enum CodingKeys: String, CodingKey {
            case id, status, timestamp, errors
            case recipientID = "recipient_id"
            case callbackData = "biz_opaque_callback_data"
        }
    }
}

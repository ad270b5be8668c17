import Foundation
import LoketCore

/// What a fetched file may be: a photo or a PDF, not too large, and for photos large enough to read.
package enum MediaCheck {
    package static let maxBytes = 10 << 20
    /// The shorter side of a readable document photo, in pixels.
    package static let minImageSide = 320
    static let acceptedTypes: Set<String> = ["image/jpeg", "image/png", "image/webp", "application/pdf"]

    /// The problem with `bytes` of `mimeType`, or nil when the file can be stored.
    package static func problem(with bytes: Data, mimeType: String?) -> Attachment.Problem? {
        let type = (mimeType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard self.acceptedTypes.contains(type) else { return .unsupportedType }
        guard bytes.count <= self.maxBytes else { return .tooLarge }
        if let size = ImageSize.of(bytes), min(size.width, size.height) < self.minImageSide { return .tooSmall }
        return nil
    }
}

/// Width and height read from a JPEG or PNG header, without decoding the image.
package enum ImageSize {
    package static func of(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(1 << 20))
        if bytes.count >= 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] {
            return (self.bigEndian(bytes, 16, 4), self.bigEndian(bytes, 20, 4))
        }
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        // JPEG: walk the segments to the first start-of-frame marker, which holds the size.
        var index = 2
        while index + 9 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            let length = self.bigEndian(bytes, index + 2, 2)
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                return (self.bigEndian(bytes, index + 7, 2), self.bigEndian(bytes, index + 5, 2))
            }
            index += 2 + length
        }
        return nil
    }

    private static func bigEndian(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int {
        bytes[start..<(start + count)].reduce(0) { $0 << 8 | Int($1) }
    }
}
